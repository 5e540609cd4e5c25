import { AlarmsError, credentialRefusedError, type AlarmsErrorCode } from '../errors'
import type { AlarmStreamReason, AlarmStreamStatusInfo } from './types'

// Each message is long in development and the error's code in production (see errors.ts): every call passes
// `process.env.NODE_ENV !== 'production' && text`, which a bundler folds to `false`, dropping the text.

/** `devMessage` is false in production builds: the message is then the code. */
function failure(reason: AlarmStreamReason, code: AlarmsErrorCode, devMessage: string | false, status?: number, cause?: unknown): AlarmStreamStatusInfo {
  return { reason, ...(status !== undefined && { httpStatus: status }), error: new AlarmsError(code, devMessage || code, { status, cause }) }
}

/** Network errors can quote header values; an error text that holds a token is withheld, cause included. */
function containsAny(error: unknown, secrets: string[]): boolean {
  const text = error instanceof Error ? `${error.message}\n${error.stack}\n${String(error.cause)}` : String(error)
  return secrets.some((secret) => secret && text.includes(secret))
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The request failed or the body broke. `secrets` are the header values that went out (never quoted). */
export function networkFailure(error: unknown, secrets: string[]): AlarmStreamStatusInfo {
  const withheld = containsAny(error, secrets)
  return failure(
    'network-error',
    'network',
    process.env.NODE_ENV !== 'production' &&
      `The stream connection failed (${withheld ? 'error text withheld: it held a header value' : messageOf(error)})`,
    undefined,
    withheld ? undefined : error,
  )
}

/** A status that retries (5xx, 429: code `http`) or stops (4xx, 204: code `stream`); 401 has its own path. */
export function httpFailure(httpStatus: number, stops: boolean): AlarmStreamStatusInfo {
  return failure(
    'http-status',
    stops ? 'stream' : 'http',
    process.env.NODE_ENV !== 'production' && (stops ? `The stream was refused with HTTP ${httpStatus}` : `HTTP ${httpStatus}`),
    httpStatus,
  )
}

/** Why a 401 ends the stream: no `refreshToken`, it declined, or it rejected. */
export type RefreshOutcome = 'missing' | 'declined' | 'failed'

const REFRESH_OUTCOMES: Record<RefreshOutcome, string> = {
  missing: 'no token refresh',
  declined: 'the token refresh declined',
  failed: 'the token refresh failed',
}

/** A 401 the stream gives up on, or (`credential-refused`) a refreshed credential refused again and again. */
export function unauthorizedFailure(outcome: RefreshOutcome | 'refused'): AlarmStreamStatusInfo {
  if (outcome === 'refused') return { reason: 'credential-refused', httpStatus: 401, error: credentialRefusedError() }
  return failure('http-status', 'unauthorized', process.env.NODE_ENV !== 'production' && `The stream got 401: ${REFRESH_OUTCOMES[outcome]}`, 401)
}

export function notEventStreamFailure(httpStatus: number, contentType: string | null): AlarmStreamStatusInfo {
  return failure(
    'not-event-stream',
    'invalid-response',
    process.env.NODE_ENV !== 'production' && `Expected text/event-stream, got ${contentType ?? 'no content type'}`,
    httpStatus,
  )
}

export function idleTimeoutFailure(timeoutMs: number): AlarmStreamStatusInfo {
  return failure('idle-timeout', 'timeout', process.env.NODE_ENV !== 'production' && `No data arrived for ${timeoutMs} ms`)
}

/** `getToken`/`authHeaders`/`headers` threw (kept as cause: the app's own error) or gave something unsendable. */
export function tokenFailure(refusal: string | undefined, cause?: unknown): AlarmStreamStatusInfo {
  return failure('token-error', 'token', refusal ?? (process.env.NODE_ENV !== 'production' && 'getToken(), authHeaders() or headers() failed'), undefined, cause)
}

export function handlerFailure(cause: unknown): AlarmStreamStatusInfo {
  return failure('event-handler-error', 'handler', process.env.NODE_ENV !== 'production' && `onEvent threw: ${messageOf(cause)}`, undefined, cause)
}
