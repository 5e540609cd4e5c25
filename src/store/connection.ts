import { openAlarmStream } from '../stream'
import type {
  AlarmStreamEvent,
  AlarmStreamOptions,
  AlarmStreamStatus,
  AlarmStreamStatusInfo,
  MaybePromise,
} from '../stream/types'

/** What the store hears from its connection, whatever carries it. */
export interface AlarmConnectionHandlers {
  onEvent: (event: AlarmStreamEvent) => void
  onStatus: (status: AlarmStreamStatus, info: AlarmStreamStatusInfo) => void
  /** A 401 on the stream: resolve `true` once the token is renewed. */
  onUnauthorized: () => MaybePromise<boolean>
}

export type AlarmConnectionOptions = Omit<AlarmStreamOptions, 'onEvent' | 'onStatus' | 'onUnauthorized'>

export interface AlarmConnection {
  readonly lastEventId: string
  reconnect(): void
  close(): void
}

/**
 * The one place the store gets its events from. Today it opens the stream itself; a shared
 * connection (one leader tab relaying to the others) plugs in here without touching the store.
 */
export function createAlarmConnection(options: AlarmConnectionOptions, handlers: AlarmConnectionHandlers): AlarmConnection {
  const stream = openAlarmStream({ ...options, ...handlers })
  return {
    get lastEventId() {
      return stream.lastEventId
    },
    reconnect: () => stream.reconnect(),
    close: () => stream.close(),
  }
}
