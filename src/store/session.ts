import { ref, watch, type Ref } from 'vue'
import { AlarmsError } from '../errors'
import type { ResolvedAlarmsOptions } from '../options'
import type { AlarmStreamEvent, AlarmStreamStatus, AlarmStreamStatusInfo } from '../stream/types'
import { isOffline } from '../tabs'
import { createAlarmConnection, postToOtherTabs, type AlarmsTabMessage, type StoreConnection } from './connection'
import { readIdentity, type Identity } from './identity'
import { watchNudges } from './nudges'
import type { AlarmsStatus } from './status'

export type { AlarmsStatus } from './status'

export interface SessionHooks {
  /** Kept by the store (events move it); read when a connection opens, so it resumes there. */
  lastEventId: Ref<string>
  onEvent(event: AlarmStreamEvent): void
  /** The stream (re)opened: reconcile over REST. `first`: the first open for this user. */
  onOpen(first: boolean): void
  /** Who the held alarms belong to changed (`null`: signed out): forget the previous user's. */
  onUserChange(user: string | null): void
  onTabMessage(message: AlarmsTabMessage): void
  /** The stream's failures, typed; `null` when it opened again. */
  onError(error: AlarmsError | null): void
}

export interface Session {
  status: Ref<AlarmsStatus>
  holdsStream: Ref<boolean>
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
  connection: StoreConnection
}

/**
 * Who is signed in, and the one connection that follows it. `getToken`/`userKey` are read inside a watcher, so when
 * they read reactive state, sign-in connects and sign-out disconnects with no call. Each connection has its own
 * `AbortController`: aborting it closes the connection and silences every callback it could still make.
 */
export function createSession(config: ResolvedAlarmsOptions, hooks: SessionHooks): Session {
  const status = ref<AlarmsStatus>('idle')
  const holdsStream = ref(false)
  /** `undefined` until first read; `null` signed out. */
  let identity: Identity | null | undefined
  let wanted = config.autoConnect
  let live: Live | null = null
  let openedForUser = false
  let disposed = false
  let lastEventAt = 0
  /** Aborts the resolution of an async identity that a newer one replaced. */
  let reading = new AbortController()

  const nudges = config.ssr
    ? undefined
    : watchNudges({
        status: () => status.value,
        holdsStream: () => holdsStream.value,
        lastEventAt: () => lastEventAt,
        reconnect: () => live?.connection.reconnect(),
        offline() {
          if (disposed || !live) return
          closeConnection()
          status.value = 'offline'
        },
        online() {
          if (disposed || status.value !== 'offline') return
          status.value = 'idle'
          open()
        },
      })

  // Reading who is signed in may connect at once: everything a connection uses is set up above.
  const stopWatchingIdentity = config.ssr ? () => {} : watch(() => readIdentity(config), (value) => refreshIdentity(value), { immediate: true })

  function apply(next: Identity | null) {
    const previous = identity
    if (previous !== undefined && previous?.id === next?.id) {
      // Same user (a renewed token, or `connect()` again): only reopen what is wanted and not open.
      if (next && wanted && !live) open()
      return
    }
    identity = next
    if (previous) closeConnection()
    openedForUser = false
    hooks.onUserChange(next?.id ?? null)
    if (next === null) {
      // Signed out: this user's other tabs sign out too (a shared computer must not keep showing their alarms).
      if (previous?.shareKey) postToOtherTabs(previous.shareKey, { type: 'signout' })
      // The token went with a refresh that failed: the session ended, it was not a sign-out.
      if (config.refreshAuth.pending) {
        hooks.onError(new AlarmsError('unauthorized', 'The session could not be renewed'))
        return giveUp()
      }
      if (status.value !== 'unauthorized') status.value = 'idle'
      return
    }
    if (wanted) open()
  }

  /** Reads who is signed in (awaiting an async `getToken`), then applies it unless a newer read replaced it. */
  function refreshIdentity(value = readIdentity(config)) {
    reading.abort()
    const current = (reading = new AbortController())
    if (!(value instanceof Promise)) return apply(value)
    value.then((resolved) => !current.signal.aborted && !disposed && apply(resolved))
  }

  function closeConnection() {
    const current = live
    live = null
    holdsStream.value = false
    if (!current) return
    hooks.lastEventId.value = current.connection.lastEventId || hooks.lastEventId.value
    current.controller.abort()
  }

  function open() {
    const who = identity
    if (disposed || config.ssr || !who || live) return
    if (isOffline()) {
      // The `online` listener connects as soon as the network is back; no retry timer burns meanwhile.
      status.value = 'offline'
      return
    }
    const controller = new AbortController()
    const isLive = () => !controller.signal.aborted
    status.value = 'connecting'
    const connection = createAlarmConnection(
      {
        streamOptions: () => ({
          ...config.stream,
          url: config.streamUrl,
          lastEventId: hooks.lastEventId.value,
          authHeaders: config.authHeaders,
          credentials: config.credentials,
          ...(config.getToken && {
            getToken: async () => {
              const token = await config.getToken!()
              // Signed out while connected, with a getter Vue cannot watch: notice it at the next reconnect.
              if (!token && isLive()) queueMicrotask(() => isLive() && refreshIdentity())
              return token
            },
          }),
        }),
        shareKey: who.shareKey,
        ...(config.openStream && { openStream: config.openStream }),
        onTabMessage: (message) => isLive() && onTabMessage(message),
        onLeader: () => isLive() && (holdsStream.value = true),
      },
      {
        onEvent: (event) => {
          if (!isLive()) return
          lastEventAt = Date.now()
          hooks.onEvent(event)
        },
        onStatus: (next, info) => isLive() && onStreamStatus(next, info),
        refreshToken: () => config.refreshAuth(),
      },
    )
    controller.signal.addEventListener('abort', () => connection.close())
    // The stream may have stopped synchronously and dropped a connection it never saw: close this one too.
    const stopped = (status.value as AlarmsStatus) === 'closed' || (status.value as AlarmsStatus) === 'unauthorized'
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
      status.value = 'closed'
      if (info.httpStatus !== undefined) {
        hooks.onError(info.error ?? new AlarmsError('stream', `The stream was refused with HTTP ${info.httpStatus}`, { status: info.httpStatus }))
      }
      return
    }
    const previous = status.value
    status.value = next
    if (next !== 'open' || previous === 'open') return
    // Reconcile once per (re)connect: alarms missed while down, or lost with a restarted server's replay cache.
    hooks.onOpen(!openedForUser)
    openedForUser = true
  }

  /** The session is over (401 without renewal): stop, and tell the app once. */
  function giveUp() {
    const already = status.value === 'unauthorized'
    closeConnection()
    status.value = 'unauthorized'
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
    status,
    holdsStream,
    connect() {
      if (config.ssr || disposed) return
      wanted = true
      if (status.value === 'unauthorized' || status.value === 'closed') status.value = 'idle'
      // Read again: a getter Vue cannot watch may name another user by now.
      refreshIdentity()
    },
    disconnect() {
      if (config.ssr || disposed) return
      wanted = false
      closeConnection()
      if (status.value !== 'unauthorized') status.value = 'idle'
      // Disconnecting after the app dropped the token is a sign-out, also with a getter Vue cannot watch.
      refreshIdentity()
    },
    post: (message) => live?.connection.post(message),
    endSession: giveUp,
    dispose() {
      if (disposed) return
      stopWatchingIdentity()
      nudges?.stop()
      closeConnection()
      disposed = true
      reading.abort()
      status.value = 'idle'
    },
  }
}
