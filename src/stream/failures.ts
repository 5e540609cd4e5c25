import { AlarmsError, codeForStatus, credentialRefusedError } from '../errors'
import type { AlarmStreamStatusInfo } from './types'

/** Network errors can quote header values; an error text that holds a token is withheld, cause included. */
function containsAny(error: unknown, secrets: string[]): boolean {
  if (secrets.length === 0) return false
  const text = error instanceof Error ? `${error.message}\n${error.stack}\n${String(error.cause)}` : String(error)
  return secrets.some((secret) => secret !== '' && text.includes(secret))
}

/** The request failed or the body broke. `secrets` are the header values that went out (never quoted). */
export function networkFailure(error: unknown, secrets: string[]): AlarmStreamStatusInfo {
  const withheld = containsAny(error, secrets)
  const detail = withheld ? 'error text withheld: it held a header value' : error instanceof Error ? error.message : String(error)
  return {
    reason: 'network-error',
    error: new AlarmsError('network', `The stream connection failed (${detail})`, withheld ? {} : { cause: error }),
  }
}

/** A status that retries (5xx, 429) or stops (4xx, 204); 401 has its own path. */
export function httpFailure(httpStatus: number, stops: boolean): AlarmStreamStatusInfo {
  const error = stops
    ? new AlarmsError('stream', `The stream was refused with HTTP ${httpStatus}`, { status: httpStatus })
    : new AlarmsError(codeForStatus(httpStatus), `HTTP ${httpStatus}`, { status: httpStatus })
  return { reason: 'http-status', httpStatus, error }
}

/** A 401 the stream gives up on; `detail` says why. */
export function unauthorizedFailure(detail: string): AlarmStreamStatusInfo {
  return { reason: 'http-status', httpStatus: 401, error: new AlarmsError('unauthorized', `The stream got 401: ${detail}`, { status: 401 }) }
}

/** A refreshed credential refused again and again: a misconfiguration, not an expiry. */
export function credentialRefusedFailure(): AlarmStreamStatusInfo {
  return { reason: 'credential-refused', httpStatus: 401, error: credentialRefusedError() }
}

export function notEventStreamFailure(httpStatus: number, contentType: string | null): AlarmStreamStatusInfo {
  return {
    reason: 'not-event-stream',
    httpStatus,
    error: new AlarmsError('invalid-response', `Expected text/event-stream, got ${contentType ?? 'no content type'}`, { status: httpStatus }),
  }
}

export function idleTimeoutFailure(timeoutMs: number): AlarmStreamStatusInfo {
  return { reason: 'idle-timeout', error: new AlarmsError('timeout', `No data arrived for ${timeoutMs} ms`) }
}

/** `getToken`/`authHeaders`/`headers` threw (kept as cause: the app's own error) or gave something unsendable. */
export function tokenFailure(message: string, cause?: unknown): AlarmStreamStatusInfo {
  return { reason: 'token-error', error: new AlarmsError('token', message, cause === undefined ? {} : { cause }) }
}

export function handlerFailure(cause: unknown): AlarmStreamStatusInfo {
  const message = cause instanceof Error ? cause.message : String(cause)
  return { reason: 'event-handler-error', error: new AlarmsError('handler', `onEvent threw: ${message}`, { cause }) }
}
