import { AlarmsError } from '../errors'
import type { ResolvedAlarmsOptions } from '../options'
import type { AlarmStreamEvent, AlarmStreamStatus, AlarmStreamStatusInfo } from '../stream/types'
import type { MaybePromise } from '../credentials'
import { isOffline, openSharedConnection, postToTabs, type SharedConnection } from '../tabs'
import type { AlarmsTabMessage } from './connection'
import { readIdentity, tokenOf, type Identity } from './identity'
import type { StateCell } from './state'
import { watchNudges } from './nudges'
import type { AlarmsStatus } from './status'

export type { AlarmsStatus } from './status'

export interface SessionHooks {
  /** `status`, `holdsStream` and `lastEventId` live here; `lastEventId` is read when a connection opens, to resume. */
  state: StateCell
  onEvent(event: AlarmStreamEvent): void
  /** The stream (re)opened: reconcile over REST. */
  onOpen(): void
  /** Who the held alarms belong to changed (`null`: signed out): forget the previous user's. */
  onUserChange(user: string | null): void
  onTabMessage(message: AlarmsTabMessage): void
  /** The stream's failures, typed; `null` when it opened again. */
  onError(error: AlarmsError | null): void
}

export interface Session {
  /** Who is signed in changed, or may have: applies `value` (read from `getToken`/`userKey` when not given). */
  setIdentity(value?: MaybePromise<Identity | null>): void
  connect(): void
  disconnect(): void
  /** Tells the other tabs of this user (read-state sync). */
  post(message: AlarmsTabMessage): void
  /** A REST 401 that could not be renewed: the session is over. */
  endSession(): void
  dispose(): void
}

interface Live {
  controller: AbortController
  connection: SharedConnection<AlarmsTabMessage>
}

/**
 * Who is signed in, and the one connection that follows it. Whoever watches `getToken`/`userKey` (the store does)
 * calls `setIdentity`. One stale-work rule: each connection and each identity read has its own `AbortController`;
 * aborting it closes what it opened and silences every callback it could still make.
 */
export function createSession(config: ResolvedAlarmsOptions, hooks: SessionHooks): Session {
  const { state } = hooks
  const setStatus = (status: AlarmsStatus) => state.set({ status })
  /** `undefined` until first read; `null` signed out. */
  let identity: Identity | null | undefined
  let wanted = config.autoConnect
  let live: Live | null = null
  let disposed = false
  let lastEventAt = 0
  /** Aborts the resolution of an async identity that a newer one replaced. */
  let reading = new AbortController()

  const nudges = config.ssr
    ? undefined
    : watchNudges({
        status: () => state.get().status,
        holdsStream: () => state.get().holdsStream,
        lastEventAt: () => lastEventAt,
        reconnect: () => live?.connection.reconnect(),
        offline() {
          if (disposed || !live) return
          closeConnection()
          setStatus('offline')
        },
        online() {
          if (disposed || state.get().status !== 'offline') return
          setStatus('idle')
          open()
        },
      })

  function apply(next: Identity | null) {
    const previous = identity
    if (previous !== undefined && previous?.id === next?.id) {
      // Same user (a renewed token, or `connect()` again): only reopen what is wanted and not open.
      if (next && wanted && !live) open(tokenOf(next))
      return
    }
    identity = next
    if (previous) closeConnection()
    hooks.onUserChange(next?.id ?? null)
    if (next === null) {
      // Signed out: this user's other tabs sign out too (a shared computer must not keep showing their alarms).
      if (previous?.shareKey) postToTabs<AlarmsTabMessage>(previous.shareKey, { type: 'signout' })
      // The token went with a refresh that failed: the session ended, it was not a sign-out.
      if (config.refreshAuth.pending) {
        hooks.onError(new AlarmsError('unauthorized', 'The session could not be renewed'))
        return giveUp()
      }
      if (state.get().status !== 'unauthorized') setStatus('idle')
      return
    }
    if (wanted) open(tokenOf(next))
  }

  /** Reads who is signed in (awaiting an async `getToken`), then applies it unless a newer read replaced it. */
  function setIdentity(value = readIdentity(config)) {
    if (disposed) return
    reading.abort()
    const current = (reading = new AbortController())
    if (!(value instanceof Promise)) return apply(value)
    value.then((resolved) => !current.signal.aborted && !disposed && apply(resolved))
  }

  function closeConnection() {
    const current = live
    live = null
    state.set({ holdsStream: false })
    if (!current) return
    state.set({ lastEventId: current.connection.lastEventId || state.get().lastEventId })
    current.controller.abort()
  }

  /** `freshToken`: the token just read to know who is signed in; a stream that starts at once sends it. */
  function open(freshToken?: string) {
    const who = identity
    if (disposed || config.ssr || !who || live) return
    if (isOffline()) {
      // The `online` listener connects as soon as the network is back; no retry timer burns meanwhile.
      setStatus('offline')
      return
    }
    const controller = new AbortController()
    const isLive = () => !controller.signal.aborted
    setStatus('connecting')
    // Its own stream, or, with a share key, the stream of whichever tab of this user holds the lock. The stream
    // options are built when it opens, so a tab that takes over resumes from the newest relayed event id.
    const connection = openSharedConnection<AlarmsTabMessage>({
      key: who.shareKey,
      open: (handlers) =>
        config.openStream({
          ...config.stream,
          url: config.streamUrl,
          lastEventId: state.get().lastEventId,
          authHeaders: config.authHeaders,
          credentials: config.credentials,
          ...(config.getToken && {
            getToken: async () => {
              const token = freshToken ?? (await config.getToken!())
              freshToken = undefined
              // Signed out while connected, with a getter Vue cannot watch: notice it at the next reconnect.
              if (!token && isLive()) queueMicrotask(() => isLive() && setIdentity())
              return token
            },
          }),
          ...handlers,
        }),
      handlers: {
        onEvent: (event) => {
          if (!isLive()) return
          lastEventAt = Date.now()
          hooks.onEvent(event)
        },
        onStatus: (next, info) => isLive() && onStreamStatus(next, info),
        refreshToken: () => config.refreshAuth(),
      },
      onMessage: (message) => isLive() && onTabMessage(message),
      onLeader: () => isLive() && state.set({ holdsStream: true }),
    })
    // A stream that opens later (this tab takes the shared lock) reads the token afresh.
    freshToken = undefined
    controller.signal.addEventListener('abort', () => connection.close())
    // The stream may have stopped synchronously and dropped a connection it never saw: close this one too.
    const stopped = state.get().status === 'closed' || state.get().status === 'unauthorized'
    if (isLive() && !stopped) live = { controller, connection }
    else connection.close()
  }

  function onStreamStatus(next: AlarmStreamStatus, info: AlarmStreamStatusInfo) {
    nudges?.onStatus(next, info)
    if (next === 'unauthorized') {
      const refused = info.reason === 'credential-refused' && info.error
      hooks.onError(refused || new AlarmsError('unauthorized', 'The stream was refused (401) and the session could not be renewed', { status: 401 }))
      return giveUp()
    }
    if (next === 'closed') {
      closeConnection()
      setStatus('closed')
      if (info.httpStatus !== undefined) {
        hooks.onError(info.error ?? new AlarmsError('stream', `The stream was refused with HTTP ${info.httpStatus}`, { status: info.httpStatus }))
      }
      return
    }
    const previous = state.get().status
    setStatus(next)
    // Reconcile once per (re)connect: alarms missed while down, or lost with a restarted server's replay cache.
    if (next === 'open' && previous !== 'open') hooks.onOpen()
  }

  /** The session is over (401 without renewal): stop, and tell the app once. */
  function giveUp() {
    const already = state.get().status === 'unauthorized'
    closeConnection()
    setStatus('unauthorized')
    if (already) return
    try {
      config.onUnauthorized?.()
    } catch {
      // An app callback must not break the store.
    }
  }

  function onTabMessage(message: AlarmsTabMessage) {
    if (message.type !== 'signout') return hooks.onTabMessage(message)
    giveUp()
    // Counts as signed out here: the app's own sign-out (from onUnauthorized) must not echo to the other tabs.
    identity = null
    hooks.onUserChange(null)
    hooks.onError(new AlarmsError('unauthorized', 'Signed out in another tab'))
  }

  return {
    setIdentity: (value) => !config.ssr && setIdentity(value),
    connect() {
      if (config.ssr || disposed) return
      wanted = true
      const { status } = state.get()
      if (status === 'unauthorized' || status === 'closed') setStatus('idle')
      // Read again: a getter nobody watches may name another user by now.
      setIdentity()
    },
    disconnect() {
      if (config.ssr || disposed) return
      wanted = false
      closeConnection()
      if (state.get().status !== 'unauthorized') setStatus('idle')
      // Disconnecting after the app dropped the token is a sign-out, also with a getter nobody watches.
      setIdentity()
    },
    post: (message) => live?.connection.post(message),
    endSession: giveUp,
    dispose() {
      if (disposed) return
      nudges?.stop()
      closeConnection()
      disposed = true
      reading.abort()
      setStatus('idle')
    },
  }
}
