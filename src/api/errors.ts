import { isAxiosError } from 'axios'

/** What went wrong, by kind. */
export type AlarmsErrorCode =
  /** No response: offline, DNS, refused, timeout, CORS. */
  | 'network'
  /** 401 even after a token refresh, or no refresh possible. */
  | 'unauthorized'
  /** 403. */
  | 'forbidden'
  /** 404 (an alarm of another user, or a wrong endpoint). */
  | 'not-found'
  /** Any other non-2xx status. */
  | 'http'
  /** A 2xx whose body is not the contract shape. */
  | 'invalid-response'
  /** The request was cancelled. */
  | 'aborted'
  /** The stream stopped for good (a 4xx other than 401 on subscribe). */
  | 'stream'

/** The store's `error`: plain data, safe to render or log (never holds a token). */
export interface AlarmsError {
  code: AlarmsErrorCode
  message: string
  /** HTTP status of the failing response, when there was one. */
  status?: number
  cause?: unknown
}

/** Thrown by every `AlarmsApi` function. */
export class AlarmsApiError extends Error implements AlarmsError {
  override readonly name = 'AlarmsApiError'
  readonly code: AlarmsErrorCode
  readonly status?: number

  constructor(code: AlarmsErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    if (options.status !== undefined) this.status = options.status
  }
}

export function codeForStatus(status: number): AlarmsErrorCode {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  return 'http'
}

/**
 * Maps anything a request threw to an {@link AlarmsApiError}. The axios error itself is not kept
 * as `cause`: its `config.headers` hold the `Authorization` token.
 */
export function toAlarmsApiError(error: unknown, what: string): AlarmsApiError {
  if (error instanceof AlarmsApiError) return error
  if (isAxiosError(error)) {
    const status = error.response?.status
    if (status !== undefined) {
      return new AlarmsApiError(codeForStatus(status), `${what} failed with HTTP ${status}`, { status })
    }
    if (error.code === 'ERR_CANCELED') return new AlarmsApiError('aborted', `${what} was cancelled`)
    return new AlarmsApiError('network', `${what} failed: ${error.code ?? 'network error'}`)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new AlarmsApiError('network', `${what} failed: ${message}`)
}

/** A plain-data copy for the store's state (an Error instance does not serialize for SSR or devtools). */
export function toAlarmsError(error: unknown, what: string): AlarmsError {
  const apiError = toAlarmsApiError(error, what)
  const plain: AlarmsError = { code: apiError.code, message: apiError.message }
  if (apiError.status !== undefined) plain.status = apiError.status
  return plain
}
