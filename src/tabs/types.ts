import type { RefreshToken } from '../credentials'
import type { AlarmStreamEvent, AlarmStreamStatus, AlarmStreamStatusInfo } from '../stream/types'

/** What a connection reports to whoever consumes it (the store), whatever carries it. */
export interface AlarmConnectionHandlers {
  onEvent: (event: AlarmStreamEvent) => void
  onStatus: (status: AlarmStreamStatus, info: AlarmStreamStatusInfo) => void
  /** A 401 on the stream: renews the session (see {@link RefreshToken}). */
  refreshToken: RefreshToken
}

/** A live feed of stream events, owned by one consumer. */
export interface AlarmConnection {
  /** The last event id this tab's own stream saw ('' in a tab that only listens). */
  readonly lastEventId: string
  reconnect(): void
  close(): void
}

/** Opens the real SSE stream; the shared connection calls it only in the tab that holds the lock. */
export type OpenAlarmConnection = (handlers: AlarmConnectionHandlers) => AlarmConnection
