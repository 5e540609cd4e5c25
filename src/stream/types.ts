import type { GetToken, RefreshToken } from '../credentials'
import type { AlarmsError } from '../errors'

export type { GetToken, MaybePromise, RefreshToken } from '../credentials'

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

/**
 * Why a status change (or an error report) happened.
 * - `ended`: the server ended the stream normally (Spring's emitter timeout, a proxy's idle cut)
 * - `network-error`: the request failed or the connection broke
 * - `http-status`: the response status decided it (see `httpStatus`)
 * - `not-event-stream`: a 200 whose content type is not `text/event-stream`
 * - `idle-timeout`: nothing arrived for the watchdog's time (`idleTimeoutMs`, or learned from heartbeats)
 * - `credential-refused`: 401 right after a successful refresh, twice in a row: `authHeaders`/`credentials` do not
 *   match the backend (final, with `unauthorized`)
 * - `token-error`: `getToken()`, `authHeaders()` or `headers()` threw, or gave a value that cannot go in a header
 * - `event-handler-error`: `onEvent` threw (reported with the current status; the stream goes on)
 * - `hidden`: the page was hidden with `openWhenHidden: false`
 * - `wake`: the device or page slept; reconnecting at once (with `connecting`)
 * - `closed-by-client`: `close()` was called
 */
export type AlarmStreamReason =
  | 'ended'
  | 'network-error'
  | 'http-status'
  | 'not-event-stream'
  | 'idle-timeout'
  | 'credential-refused'
  | 'token-error'
  | 'event-handler-error'
  | 'hidden'
  | 'wake'
  | 'closed-by-client'

/** What came with a status change: why it happened and what happens next. */
export interface AlarmStreamStatusInfo {
  /** Why this happened; absent for plain progress (`connecting`, `open`). */
  reason?: AlarmStreamReason
  /** HTTP status of the response that caused the change, when there was one. */
  httpStatus?: number
  /**
   * The error behind a retry or a stop: `network`, `http`/`forbidden`/`not-found` (with `status`), `unauthorized`,
   * `stream` (stopped by a 4xx or 204), `invalid-response` (a 200 that is not an event stream), `timeout` (watchdog),
   * `token`, `handler` (a throwing `onEvent`, kept as `cause`). Never contains the token.
   */
  error?: AlarmsError
  /** Delay before the next attempt, for `retrying`. */
  delayMs?: number
  /** Retry number since the last connection that delivered an event (1 = first retry). */
  attempt?: number
}

/**
 * Reconnect timing: exponential backoff with full jitter. During the first `shortOutageMs` of a run of failures
 * the delay stays under `shortOutageMaxMs`, so every client is back within seconds of a short server restart;
 * a longer outage backs off towards `maxMs`.
 */
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
  /**
   * How long, from the first failure of a run, the short-outage ceiling applies.
   * @default 30000
   */
  shortOutageMs?: number
  /**
   * Ceiling for a backoff delay during the first `shortOutageMs` of an outage (a server `retry:` above it still wins).
   * @default 4000
   */
  shortOutageMaxMs?: number
}

/** Options of `openAlarmStream`: where to connect, how to authenticate, and what to call on events and status changes. */
export interface AlarmStreamOptions {
  /** Stream endpoint: absolute, or relative to the page in a browser. */
  url: string | URL
  /**
   * Read at every (re)connect; its token goes out through `authHeaders`. No auth header when it returns nothing.
   * @default undefined (no auth header: e.g. a cookie session with `credentials: 'include'`)
   */
  getToken?: GetToken
  /**
   * Turns the token into request headers: raw `t => ({ Authorization: t })`, custom `t => ({ 'X-Auth-Token': t })`.
   * @default token => ({ Authorization: `Bearer ${token}` })
   */
  authHeaders?: (token: string) => Record<string, string>
  /**
   * Extra request headers, as a plain object or a function read at every (re)connect (a CSRF token, a tab id).
   * `Accept`, `Last-Event-ID` and the auth headers win over any case variant of theirs.
   * @default {}
   */
  headers?: Record<string, string> | (() => Record<string, string>)
  /**
   * Passed to `fetch`: `'include'` sends cookies to another origin (cookie sessions, with no `getToken`).
   * @default 'same-origin'
   */
  credentials?: RequestCredentials
  /**
   * Resume point sent as `Last-Event-ID` on the first request.
   * @default '' (no `Last-Event-ID` header)
   */
  lastEventId?: string
  /**
   * Every dispatched event, in order. A throw here is reported through `onStatus`, never a reconnect.
   * @default undefined
   */
  onEvent?: (event: AlarmStreamEvent) => void
  /**
   * Every status change; also called with the unchanged status and `reason: 'event-handler-error'`
   * when `onEvent` throws. Errors thrown here are swallowed: they cannot be reported anywhere else.
   * @default undefined
   */
  onStatus?: (status: AlarmStreamStatus, info: AlarmStreamStatusInfo) => void
  /**
   * Called once per 401 (see {@link RefreshToken}): renewed, the stream reconnects at once with `getToken` read
   * again; `false`, `null`, a rejection or no hook: status `unauthorized`, stop. A renewed credential refused twice
   * in a row stops with `credential-refused`, so a refresh that does not help cannot loop.
   * @default undefined (a 401 stops the stream as `unauthorized`)
   */
  refreshToken?: RefreshToken
  /**
   * The stream gave up on a 401 (status `unauthorized`): called exactly once per give-up.
   * @default undefined
   */
  onUnauthorized?: () => void
  /**
   * Reconnect timing.
   * @default { minMs: 250, initialMs: 1000, maxMs: 30000, factor: 2, shortOutageMs: 30000, shortOutageMaxMs: 4000 }
   */
  retry?: AlarmStreamRetryOptions
  /**
   * Reconnect when nothing at all arrived for this long. Left out, the watchdog is automatic: once a connection
   * has brought two heartbeats (comment lines, or `heartbeat`/`ping` events, each in a chunk of its own) it arms at
   * 3 × the longest gap between them, at least 3 s; heartbeats rarer than every 100 s, or none (Spring's default),
   * arm nothing. A number fixes the time; 0 turns the watchdog off.
   * @default undefined (automatic)
   */
  idleTimeoutMs?: number
  /**
   * Reconnect at once, with `Last-Event-ID`, when the device or page wakes from a sleep: a 5 s timer sees the
   * clock jump more than 10 s past its period (2 min while the page is hidden, where browsers throttle timers).
   * @default true
   */
  wakeDetection?: boolean
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
  /**
   * Closes the stream when aborted, as `close()` does (which stops listening to it).
   * @default undefined
   */
  signal?: AbortSignal
}

/** The handle `openAlarmStream` returns: its status and last event id, and `close()` / `reconnect()`. */
export interface AlarmStream {
  /** Current status. */
  readonly status: AlarmStreamStatus
  /** The last event id seen ('' when none). */
  readonly lastEventId: string
  /**
   * Drop the current connection (if any) and connect again now, skipping any backoff and resetting it;
   * also restarts a stream the server stopped (`closed` by a 4xx/204, or `unauthorized`).
   * Does nothing after `close()`.
   */
  reconnect(): void
  /** Stop for good: abort the request, cancel every timer and listener; no request is made after it. Idempotent. */
  close(): void
}
