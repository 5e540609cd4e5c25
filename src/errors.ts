/**
 * Long explanations are for development builds only: the app's bundler replaces `process.env.NODE_ENV` (as it does
 * for Vue and Pinia) and drops them; Node has `process`. Production keeps each error's code and a short message.
 */

/** What went wrong, by kind. */
export type AlarmsErrorCode =
  /** No response: offline, DNS, refused, timeout, CORS, a connection that broke. */
  | 'network'
  /** 401 even after a token refresh, or no refresh possible. */
  | 'unauthorized'
  /** 403 (a missing or wrong CSRF token under cookie auth, too). */
  | 'forbidden'
  /** 404 (an alarm of another user, or a wrong endpoint). */
  | 'not-found'
  /** Any other non-2xx status. */
  | 'http'
  /** A 2xx whose body is not the contract shape (or a stream that is not `text/event-stream`). */
  | 'invalid-response'
  /** The request was cancelled. */
  | 'aborted'
  /** The stream stopped for good (a 4xx other than 401 on subscribe). */
  | 'stream'
  /** Nothing arrived on the stream for longer than the watchdog allows. */
  | 'timeout'
  /** `getToken()` threw, or returned a value that cannot go in a header. */
  | 'token'
  /** An app callback (`onEvent`) threw. */
  | 'handler'

/**
 * The one error type of the library: thrown by the REST service, held in the store's `error`, and passed in
 * the stream's status info. Never holds a token (an axios error is not kept as `cause`: its config holds headers).
 */
export class AlarmsError extends Error {
  override readonly name = 'AlarmsError'
  readonly code: AlarmsErrorCode
  readonly status?: number

  constructor(code: AlarmsErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = options.status
  }
}

/** The error code a response status maps to. */
export function codeForStatus(status: number): AlarmsErrorCode {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  return 'http'
}

/**
 * A request refused with 401 right after a refresh that reported success: the renewed credential is not what the
 * backend reads. Retrying cannot help; the usual cause is the header shape or the cookie mode.
 */
export function credentialRefusedError(): AlarmsError {
  return new AlarmsError(
    'unauthorized',
    process.env.NODE_ENV !== 'production'
      ? 'HTTP 401 right after a successful token refresh: the backend refuses the renewed credential: check `authHeaders` / `credentials` (Bearer or raw token, header or cookie)'
      : 'unauthorized',
    { status: 401 },
  )
}
