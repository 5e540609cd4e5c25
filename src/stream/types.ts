/** Where the stream is in its life. `closed` and `unauthorized` are final until `reconnect()`. */
export type AlarmStreamStatus = 'connecting' | 'open' | 'retrying' | 'unauthorized' | 'closed'

/** One dispatched server-sent event (comments, keep-alives and empty-data blocks never get here). */
export interface AlarmStreamEvent {
  /** The `event:` field, `'message'` when absent. */
  type: string
  /** The joined `data:` lines; never empty. */
  data: string
  /** The last event id in force when this event was dispatched ('' when none was ever set). */
  lastEventId: string
}

/** What came with a status change: why it happened and what happens next. */
export interface AlarmStreamStatusInfo {
  /** HTTP status of the response that caused the change, when there was one. */
  httpStatus?: number
  /** The error behind a retry or a stop (network error, bad content type, a throwing `onEvent`). Never contains the token. */
  error?: Error
  /** Delay before the next attempt, for `retrying`. */
  delayMs?: number
  /** Attempt number since the last successful open (1 = first retry). */
  attempt?: number
}

/** Reconnect timing: exponential backoff with full jitter. */
export interface AlarmStreamRetryOptions {
  /**
   * Floor for every delay, including a server's `retry:` value, so `retry: 0` or `-1` never hot-loops.
   * @default 250
   */
  minMs?: number
  /**
   * Base delay of the first retry; a valid server `retry:` value replaces it.
   * @default 1000
   */
  initialMs?: number
  /**
   * Ceiling for any delay (a `Retry-After` header is capped by it too).
   * @default 30000
   */
  maxMs?: number
  /**
   * Growth of the base delay per failed attempt.
   * @default 2
   */
  factor?: number
}

export type MaybePromise<T> = T | Promise<T>

export interface AlarmStreamOptions {
  /** Stream endpoint: absolute, or relative to the page in a browser. */
  url: string | URL
  /** Read at every (re)connect and sent as `Authorization: Bearer <token>`; no header when it returns nothing. */
  getToken?: () => MaybePromise<string | null | undefined>
  /** Extra request headers, as a plain object. */
  headers?: Record<string, string>
  /** Resume point sent as `Last-Event-ID` on the first request. */
  lastEventId?: string
  /** Every dispatched event, in order. A throw here is reported through `onStatus`, never a reconnect. */
  onEvent?: (event: AlarmStreamEvent) => void
  /** Every status change. */
  onStatus?: (status: AlarmStreamStatus, info: AlarmStreamStatusInfo) => void
  /** Called once for a 401 on an attempt; resolve `true` to reconnect at once with a fresh token. */
  onUnauthorized?: () => MaybePromise<boolean>
  /** Reconnect timing. */
  retry?: AlarmStreamRetryOptions
  /**
   * Reconnect when nothing (not even a comment) arrived for this long; 0 turns the watchdog off.
   * @default 0
   */
  idleTimeoutMs?: number
  /**
   * Keep the stream open while the page is hidden; missing alarms is worse than an open socket.
   * When false, the stream closes while hidden and resumes with `Last-Event-ID` when visible.
   * @default true
   */
  openWhenHidden?: boolean
  /**
   * The fetch to use.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch
}

export interface AlarmStream {
  /** Current status. */
  readonly status: AlarmStreamStatus
  /** The last event id seen ('' when none). */
  readonly lastEventId: string
  /** Drop the current connection (if any) and connect again now, skipping any backoff; also restarts a stopped stream. */
  reconnect(): void
  /** Stop for good: abort the request, cancel every timer and listener. Idempotent. */
  close(): void
}
