import { AlarmsError } from '../errors'
import type { AlarmStreamEvent, AlarmStreamStatus, AlarmStreamStatusInfo } from '../stream/types'
import { isChannelEnvelope, type ChannelEnvelope, type RelayMessage, type RelayedStatusInfo } from './messages'
import type { AlarmConnection, AlarmConnectionHandlers, OpenAlarmConnection } from './types'

export interface SharedConnectionOptions<AppMessage> {
  /**
   * Scope of the lock and the channel. Must include the user: users never share a channel.
   * `null` opens a stream of this tab's own, as where Web Locks or BroadcastChannel are missing.
   */
  key: string | null
  /** Opens the real stream; called only while this tab holds the lock. */
  open: OpenAlarmConnection
  /** Where events and status end up, in this tab, leader or follower. */
  handlers: AlarmConnectionHandlers
  /** App messages posted by other tabs (read-state sync, sign-out). */
  onMessage?: (message: AppMessage) => void
  /** This tab took the lock and is about to open the stream (also called at once in the fallback). */
  onLeader?: () => void
}

export interface SharedConnection<AppMessage> extends AlarmConnection {
  /** True while this tab holds the stream. */
  readonly isLeader: boolean
  /** True when this tab runs a stream of its own: no key, or no Web Locks or BroadcastChannel. */
  readonly isFallback: boolean
  /** Sends an app message to every other tab of the same key. */
  post(message: AppMessage): void
}

/** Lock and channel names share one prefix so a page can find them in DevTools. */
export const SHARED_CONNECTION_PREFIX = 'vue-sse-alarms:'

/** Sends one app message to the tabs of `key` without holding a connection (e.g. after it closed). */
export function postToTabs<AppMessage>(key: string, message: AppMessage): void {
  if (!supportsSharedConnection()) return
  const channel = new BroadcastChannel(SHARED_CONNECTION_PREFIX + key)
  channel.postMessage({ app: message } satisfies ChannelEnvelope<AppMessage>)
  channel.close()
}

export function supportsSharedConnection(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.locks && typeof BroadcastChannel !== 'undefined'
}

function toRelayedInfo(info: AlarmStreamStatusInfo): RelayedStatusInfo {
  const { error, ...plain } = info
  return error === undefined ? plain : { ...plain, errorMessage: error.message, errorCode: error.code, errorStatus: error.status }
}

function fromRelayedInfo(info: RelayedStatusInfo): AlarmStreamStatusInfo {
  const { errorMessage, errorCode, errorStatus, ...rest } = info
  if (errorMessage === undefined) return rest
  return { ...rest, error: new AlarmsError(errorCode ?? 'network', errorMessage, errorStatus === undefined ? {} : { status: errorStatus }) }
}

/**
 * One SSE stream per browser and key: the tab holding the Web Lock opens it and fans events and status out
 * over a BroadcastChannel; the others only listen. When the leader goes (closed, crashed, discarded), the
 * browser releases its lock and the next tab in line opens the stream, resuming from the last event id the
 * consumer kept from the relayed events.
 */
export function openSharedConnection<AppMessage>(options: SharedConnectionOptions<AppMessage>): SharedConnection<AppMessage> {
  const { key, open, handlers, onMessage, onLeader } = options

  if (key === null || !supportsSharedConnection()) {
    onLeader?.()
    const own = open(handlers)
    return {
      isLeader: true,
      isFallback: true,
      get lastEventId() {
        return own.lastEventId
      },
      reconnect: () => own.reconnect(),
      close: () => own.close(),
      post: () => {},
    }
  }

  const channel = new BroadcastChannel(SHARED_CONNECTION_PREFIX + key)
  const lockRequest = new AbortController()
  let stream: AlarmConnection | null = null
  let releaseLock: (() => void) | null = null
  let lastStatus: { status: AlarmStreamStatus; info: RelayedStatusInfo } | null = null
  /** Events of one network chunk, relayed as one message so a burst costs followers one pass, as it does here. */
  let unrelayedEvents: AlarmStreamEvent[] = []
  let closed = false

  const send = (envelope: ChannelEnvelope<AppMessage>) => {
    if (!closed) channel.postMessage(envelope)
  }
  const relay = (message: RelayMessage) => send({ relay: message })

  const leaderHandlers: AlarmConnectionHandlers = {
    onEvent(event) {
      if (unrelayedEvents.push(event) === 1) {
        queueMicrotask(() => {
          const events = unrelayedEvents
          unrelayedEvents = []
          relay({ kind: 'events', events })
        })
      }
      handlers.onEvent(event)
    },
    onStatus(status, info) {
      lastStatus = { status, info: toRelayedInfo(info) }
      relay({ kind: 'status', ...lastStatus })
      handlers.onStatus(status, info)
    },
    refreshToken: () => handlers.refreshToken(),
  }

  channel.onmessage = ({ data }: MessageEvent<unknown>) => {
    if (closed || !isChannelEnvelope<AppMessage>(data)) return
    if ('app' in data) {
      onMessage?.(data.app)
      return
    }
    const message = data.relay
    if (stream) {
      // Leader: answer followers; it never takes stream traffic from others (there is only one lock holder).
      if (message.kind === 'hello' && lastStatus) relay({ kind: 'status', ...lastStatus })
      if (message.kind === 'reconnect') stream.reconnect()
      return
    }
    if (message.kind === 'events') for (const event of message.events) handlers.onEvent(event)
    if (message.kind === 'status') handlers.onStatus(message.status, fromRelayedInfo(message.info))
  }

  navigator.locks
    .request(SHARED_CONNECTION_PREFIX + key, { signal: lockRequest.signal }, () => {
      if (closed) return undefined
      onLeader?.()
      stream = open(leaderHandlers)
      // Hold the lock until close(); the browser drops it by itself when the tab goes away.
      return new Promise<void>((resolve) => {
        releaseLock = resolve
      })
    })
    // An AbortError when close() comes before the lock: nothing to clean up.
    .catch(() => {})

  handlers.onStatus('connecting', {})
  relay({ kind: 'hello' })

  return {
    get isLeader() {
      return stream !== null
    },
    isFallback: false,
    get lastEventId() {
      return stream?.lastEventId ?? ''
    },
    reconnect() {
      if (closed) return
      if (stream) stream.reconnect()
      else relay({ kind: 'reconnect' })
    },
    close() {
      if (closed) return
      closed = true
      lockRequest.abort()
      stream?.close()
      stream = null
      releaseLock?.()
      channel.close()
    },
    post(message) {
      send({ app: message })
    },
  }
}
