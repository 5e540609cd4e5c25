import type { Alarm } from '../alarms/types'
import { findAlarmIndex } from '../alarms/merge'
import { classifyEvent } from '../alarms/classify'
import * as list from '../alarms/list'
import type { AlarmsError } from '../errors'
import type { CreateAlarmsOptions, ResolvedAlarmsOptions } from '../options'
import { resolveAlarmsOptions } from '../resolve-options'
import type { AlarmStreamEvent } from '../stream/types'
import type { MaybePromise } from '../credentials'
import { createNewAlarms } from './new-alarms'
import type { AlarmsTabMessage } from './connection'
import type { Identity } from './identity'
import { createSession } from './session'
import { createStateCell, type AlarmsClientState } from './state'
import { createSync } from './sync'

/** Seen ids are remembered for this many times `maxItems`, the newest kept: enough to tell a replay from news. */
const SEEN_PER_ITEM = 3

/** What `createAlarmsClient` returns: plain state with `getState`/`subscribe`, and the actions. */
export interface AlarmsClient {
  /** The state now: a new object after every change. */
  getState(): AlarmsClientState
  /** Calls `listener` after every change with the new state and the previous one; returns the function that stops it. */
  subscribe(listener: (state: AlarmsClientState, previous: AlarmsClientState) => void): () => void
  /**
   * Who is signed in changed, or may have (after your app signs in or out): with no argument, `getToken`/`userKey`
   * are read again. A new user starts from an empty list; nobody signed in closes the stream.
   */
  setIdentity(identity?: MaybePromise<Identity | null>): void
  /** Opens the stream for whoever is signed in (needed only with `autoConnect: false`, or after `disconnect()`). */
  connect(): void
  /** Closes the stream and keeps what is held. */
  disconnect(): void
  /** Count and first page again, now (or right after the refresh in flight). */
  refresh(): Promise<void>
  /** The next older page. */
  loadMore(): Promise<void>
  /** More for the Unread filter: the next `unread=true` page, or pages of the whole list where it is not supported. */
  loadMoreUnread(): Promise<void>
  /** Marks an alarm read at once; the server is told, and the change rolled back if it refuses. */
  markRead(id: Alarm['id']): Promise<void>
  /** Marks an alarm unread, the same way. */
  markUnread(id: Alarm['id']): Promise<void>
  /** Marks every alarm read, the same way. */
  markAllRead(): Promise<void>
  /** Removes an alarm at once; it is put back if the server refuses. */
  remove(id: Alarm['id']): Promise<void>
  /** Clears `hasNewAlarms` (a bell calls it when opened). */
  acknowledge(): void
  /** Calls `listener` with each batch of alarms new to this page (never the first load); returns the function that stops it. */
  subscribeNewAlarms(listener: (alarms: Alarm[]) => void): () => void
  /**
   * Calls `listener` when the signed-in user's session ends here: sign-out (here or in another tab of that user), a
   * change of user, or a refused renewal. Returns the function that stops it.
   */
  subscribeSessionEnd(listener: () => void): () => void
  /** Closes the stream and cancels timers for good. */
  dispose(): void
}

function notifyAll<Args extends unknown[]>(listeners: Iterable<(...args: Args) => void>, ...args: Args) {
  for (const listener of listeners) {
    try {
      listener(...args)
    } catch {
      // One listener must not stop the others.
    }
  }
}

/** The client over resolved options (the store passes those the plugin provides). Reads no identity by itself. */
export function createClient(config: ResolvedAlarmsOptions): AlarmsClient {
  const listeners = new Set<(state: AlarmsClientState, previous: AlarmsClientState) => void>()
  const sessionEndListeners = new Set<() => void>()
  const state = createStateCell((next, previous) => {
    notifyAll(listeners, next, previous)
    // A refused renewal ends the session even when the app keeps its token: nothing of the user stays on screen.
    if (next.status === 'unauthorized' && previous.status !== 'unauthorized') endSessionOnScreen()
  })
  const newAlarms = createNewAlarms(config.maxItems * SEEN_PER_ITEM, config.onNewAlarm, () => state.set({ hasNewAlarms: true }))
  let current: list.ListState = list.emptyList
  let owner: string | null = null
  /** Stream alarms not applied yet; see `receive`. */
  let received: Alarm[] = []

  const readList = () => current
  function writeList(next: list.ListState) {
    current = next
    state.set({ items: next.items, unreadCount: next.unreadCount, hasMore: list.hasMoreAlarms(next), totalCount: next.total })
  }

  /** Views drop what they show of the user; a listener must be safe to call again (one end can be reported twice). */
  function endSessionOnScreen() {
    notifyAll(sessionEndListeners)
  }

  function setError(next: AlarmsError | null) {
    if (next === null) {
      if (state.get().error?.code !== 'stream') state.set({ error: null })
      return
    }
    state.set({ error: next })
    if (next.code === 'unauthorized') session.endSession()
  }

  const sync = createSync(config, {
    readList,
    writeList,
    state,
    reportNew: newAlarms.report,
    remember: newAlarms.remember,
    onError: setError,
    post: (message) => session.post(message),
  })

  /** Forgets everything held for the previous user. */
  function onUserChange(user: string | null) {
    if (user === owner && user !== null) return
    const previous = owner
    owner = user
    received = []
    newAlarms.forget()
    sync.reset()
    writeList(list.emptyList)
    // A session that ended stays explained after the sign-out `onUnauthorized` usually does; a new user starts clean.
    const keepError = user === null && state.get().error?.code === 'unauthorized'
    // An opaque token is its own identity: never hand it out (it would end up in storage keys).
    const signedIn = user?.startsWith('user:') ? user.slice('user:'.length) : null
    state.set({ hasNewAlarms: false, lastEventId: '', user: signedIn, ...(!keepError && { error: null }) })
    if (previous !== null) endSessionOnScreen()
  }

  /**
   * The stream dispatches each chunk's events synchronously: its alarms are collected and applied together on a
   * microtask, so a burst replaces the list once per chunk instead of once per alarm. `lastEventId` follows every event.
   */
  function receive(event: AlarmStreamEvent) {
    state.set({ lastEventId: event.lastEventId })
    const classified = classifyEvent(event, config)
    if (classified.kind === 'alarm' && received.push(classified.alarm) === 1) queueMicrotask(applyReceived)
  }

  function applyReceived() {
    const alarms = received
    received = []
    if (alarms.length === 0) return
    const result = list.applyStreamAlarms(current, alarms, config.maxItems)
    writeList(result.state)
    newAlarms.report(result.added)
    if (result.added.length > 0) sync.scheduleRefresh()
  }

  /** Another tab of this user changed read state; apply it without refetching (unless we do not hold the alarm). */
  function onTabMessage(message: AlarmsTabMessage) {
    const before = current
    if (message.type === 'read-all') writeList(list.applyReadAll(before).state)
    else if (message.type === 'read') writeList(list.applyRead(before, message.id))
    else if (message.type === 'unread') writeList(list.applyUnread(before, message.id))
    else if (message.type === 'remove') writeList(list.applyRemove(before, message.id, config.maxItems).state)
    if (message.type !== 'read-all' && message.type !== 'signout' && findAlarmIndex(before.items, message.id) === -1) sync.scheduleRefresh()
  }

  const session = createSession(config, {
    state,
    onEvent: receive,
    onOpen: () => sync.reconcile(),
    onUserChange,
    onTabMessage,
    onError: setError,
  })

  return {
    getState: state.get,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setIdentity: session.setIdentity,
    connect: session.connect,
    disconnect: session.disconnect,
    refresh: sync.refresh,
    loadMore: sync.loadMore,
    loadMoreUnread: sync.loadMoreUnread,
    markRead: sync.markRead,
    markUnread: sync.markUnread,
    markAllRead: sync.markAllRead,
    remove: sync.remove,
    acknowledge: () => state.set({ hasNewAlarms: false }),
    subscribeNewAlarms: newAlarms.subscribe,
    subscribeSessionEnd(listener) {
      sessionEndListeners.add(listener)
      return () => sessionEndListeners.delete(listener)
    },
    dispose() {
      session.dispose()
      sync.dispose()
    },
  }
}

/**
 * The alarms client without Vue or Pinia: the stream, the list, REST sync, new alarms (each reported once) and the tab
 * relay, as plain state with `getState()`/`subscribe()` and actions. Takes the options of `createAlarms`; reads
 * who is signed in at once, and again on `setIdentity()`/`connect()`. `useAlarmsStore` is a thin adapter over it.
 */
export function createAlarmsClient(options: CreateAlarmsOptions = {}): AlarmsClient {
  const client = createClient(resolveAlarmsOptions(options))
  client.setIdentity()
  return client
}
