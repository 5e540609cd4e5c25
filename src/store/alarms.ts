import { defineStore, skipHydrate } from 'pinia'
import { computed, inject, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { Alarm } from '../alarms/types'
import { alarmKey, findAlarmIndex } from '../alarms/merge'
import { classifyEvent } from '../alarms/classify'
import type { AlarmsError } from '../errors'
import { ALARMS_OPTIONS_KEY } from '../plugin'
import type { AlarmStreamEvent } from '../stream/types'
import type { AlarmsTabMessage } from './connection'
import * as list from './list'
import { createSession } from './session'
import { createSync } from './sync'

export type { AlarmsStatus } from './session'

function missingPlugin(): never {
  throw new Error('useAlarmsStore: install the plugin first, app.use(createAlarms(options))')
}

/**
 * The `alarms` store: stream → classify → list state → view. Needs the `createAlarms` plugin. Actions never
 * reject: a failure sets `error` (and rolls an optimistic change back).
 */
export const useAlarmsStore = defineStore('alarms', () => {
  const config = inject(ALARMS_OPTIONS_KEY, null) ?? missingPlugin()

  /** Newest first, unique by id; replaced, never mutated, so a shallowRef is enough for 10 000 alarms. */
  const items = shallowRef<Alarm[]>([])
  const unreadCount = ref(0)
  const hasMore = ref(false)
  /** The server's number of alarms for this user (as last reported, kept in step with local changes). */
  const totalCount = ref(0)
  /** Whether the list endpoint honours `unread=true`: null until asked, false once it answered with a read alarm. */
  const unreadFilterSupported = ref<boolean | null>(null)
  const hasNewAlarms = ref(false)
  const error = shallowRef<AlarmsError | null>(null)
  const lastEventId = ref('')
  const loading = ref(false)
  /** Who the alarms belong to, as `userKey` names them; null when signed out or when no key is known (opaque tokens). */
  const signedInUser = ref<string | null>(null)

  let current: list.ListState = list.emptyList
  /** The list state behind `items`, `unreadCount` and `hasMore`: every write goes through here. */
  const state = {
    get value() {
      return current
    },
    set value(next: list.ListState) {
      current = next
      items.value = next.items
      unreadCount.value = next.unreadCount
      hasMore.value = list.hasMoreAlarms(next)
      totalCount.value = next.total
    },
  } as Ref<list.ListState>

  /** Keys of every alarm this page has held for this user: an alarm is announced once, whichever path brought it. */
  const seen = new Set<string>()
  const listeners = new Set<(alarms: Alarm[]) => void>()
  const sessionEndListeners = new Set<() => void>()
  let owner: string | null = null
  /** Stream alarms not applied yet; see `receive`. */
  let received: Alarm[] = []

  function remember(alarms: readonly Alarm[]) {
    for (const alarm of alarms) seen.add(alarmKey(alarm.id))
  }

  function announce(alarms: readonly Alarm[]) {
    const fresh = alarms.filter((alarm) => !seen.has(alarmKey(alarm.id)))
    if (fresh.length === 0) return
    remember(fresh)
    hasNewAlarms.value = true
    for (const alarm of fresh) {
      try {
        config.onAlarm?.(alarm)
      } catch {
        // An app callback must not break the stream or the store.
      }
    }
    for (const listener of listeners) {
      try {
        listener(fresh)
      } catch {
        // Same for a component's listener.
      }
    }
  }

  /** Views drop what they show of the user; a listener must be safe to call again (one end can be reported twice). */
  function endSessionOnScreen() {
    for (const listener of sessionEndListeners) {
      try {
        listener()
      } catch {
        // A component's listener must not stop the others from clearing the screen.
      }
    }
  }

  function setError(next: AlarmsError | null) {
    if (next === null) {
      if (error.value?.code !== 'stream') error.value = null
      return
    }
    error.value = next
    if (next.code === 'unauthorized') session.endSession()
  }

  const sync = createSync(config, {
    state,
    loading,
    unreadFilterSupported,
    announce,
    remember,
    onError: setError,
    post: (message) => session.post(message),
  })

  /** Forgets everything held for the previous user. */
  function onUserChange(user: string | null) {
    if (user === owner && user !== null) return
    const previous = owner
    owner = user
    // An opaque token is its own identity: never hand it out (it would end up in storage keys).
    signedInUser.value = user?.startsWith('user:') ? user.slice('user:'.length) : null
    received = []
    seen.clear()
    sync.reset()
    state.value = list.emptyList
    hasNewAlarms.value = false
    lastEventId.value = ''
    // A session that ended stays explained after the sign-out `onUnauthorized` usually does; a new user starts clean.
    if (user !== null || error.value?.code !== 'unauthorized') error.value = null
    if (previous !== null) endSessionOnScreen()
  }

  /**
   * The stream dispatches each chunk's events synchronously: its alarms are collected and applied together on a
   * microtask, so a burst replaces the list once per chunk instead of once per alarm. `lastEventId` follows every event.
   */
  function receive(event: AlarmStreamEvent) {
    lastEventId.value = event.lastEventId
    const classified = classifyEvent(event, config)
    if (classified.kind === 'alarm' && received.push(classified.alarm) === 1) queueMicrotask(applyReceived)
  }

  function applyReceived() {
    const alarms = received
    received = []
    if (alarms.length === 0) return
    const result = list.applyStreamAlarms(state.value, alarms, config.maxItems)
    state.value = result.state
    announce(result.added)
    if (result.added.length > 0) sync.scheduleRefresh()
  }

  /** Another tab of this user changed read state; apply it without refetching (unless we do not hold the alarm). */
  function onTabMessage(message: AlarmsTabMessage) {
    const before = state.value
    if (message.type === 'read-all') state.value = list.applyReadAll(before).state
    else if (message.type === 'read') state.value = list.applyRead(before, message.id)
    else if (message.type === 'unread') state.value = list.applyUnread(before, message.id)
    else if (message.type === 'remove') state.value = list.applyRemove(before, message.id).state
    if (message.type !== 'read-all' && message.type !== 'signout' && findAlarmIndex(before.items, message.id) === -1) sync.scheduleRefresh()
  }

  const session = createSession(config, {
    lastEventId,
    onEvent: receive,
    onOpen: (first) => (first ? void sync.refresh() : sync.reconcile()),
    onUserChange,
    onTabMessage,
    onError: setError,
  })

  // A refused renewal ends the session even when the app keeps its token: nothing of the user stays on screen.
  watch(session.status, (next) => next === 'unauthorized' && endSessionOnScreen(), { flush: 'sync' })

  function shutdown() {
    session.dispose()
    sync.dispose()
  }
  const stopWatchingUnmount = config.onAppUnmount(shutdown)
  onScopeDispose(() => {
    stopWatchingUnmount()
    shutdown()
  })

  /** Newest first: what the Unread filter lists. */
  const unreadItems = computed(() => items.value.filter((item) => !item.isRead))
  /** More unread alarms exist than are listed (a backend without the filter needs more pages of the whole list). */
  const hasMoreUnread = computed(() => unreadItems.value.length < unreadCount.value && (unreadFilterSupported.value !== false || hasMore.value))

  return {
    items,
    unreadCount,
    hasNewAlarms: skipHydrate(hasNewAlarms),
    status: skipHydrate(session.status),
    error: skipHydrate(error),
    lastEventId: skipHydrate(lastEventId),
    loading: skipHydrate(loading),
    holdsStream: skipHydrate(session.holdsStream),
    user: skipHydrate(signedInUser),
    hasMore,
    totalCount,
    unreadFilterSupported: skipHydrate(unreadFilterSupported),
    unreadItems,
    hasMoreUnread,
    connect: session.connect,
    disconnect: session.disconnect,
    refresh: sync.refresh,
    loadMore: sync.loadMore,
    loadMoreUnread: sync.loadMoreUnread,
    markRead: sync.markRead,
    markUnread: sync.markUnread,
    markAllRead: sync.markAllRead,
    remove: sync.remove,
    /** Clears `hasNewAlarms` (the bell calls it when opened). */
    acknowledge() {
      hasNewAlarms.value = false
    },
    /**
     * Calls `listener` with each batch of alarms new to this page (stream, replay or REST reconcile; never the
     * first load). Returns the function that stops it; `onNewAlarm` ties that to a component's scope.
     */
    subscribeNewAlarms(listener: (alarms: Alarm[]) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /**
     * Calls `listener` when the signed-in user's session ends on this page: sign-out (here or in another tab of
     * that user), a change of user, or a refused renewal (`unauthorized`). Views drop everything they show of that
     * user. Returns the function that stops it; `onSessionEnd` ties that to a component's scope.
     */
    subscribeSessionEnd(listener: () => void): () => void {
      sessionEndListeners.add(listener)
      return () => sessionEndListeners.delete(listener)
    },
  }
})
