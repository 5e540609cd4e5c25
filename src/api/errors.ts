import { isAxiosError } from 'axios'
import { AlarmsError, codeForStatus } from '../errors'

/**
 * Maps anything a request threw to an {@link AlarmsError}. The axios error itself is not kept
 * as `cause`: its `config.headers` hold the credentials.
 */
export function toAlarmsError(error: unknown, what: string): AlarmsError {
  if (error instanceof AlarmsError) return error
  if (isAxiosError(error)) {
    const status = error.response?.status
    if (status !== undefined) return new AlarmsError(codeForStatus(status), `${what} failed with HTTP ${status}`, { status })
    if (error.code === 'ERR_CANCELED') return new AlarmsError('aborted', `${what} was cancelled`)
    return new AlarmsError('network', `${what} failed: ${error.code ?? 'network error'}`)
  }
  if (error instanceof Error && error.name === 'AbortError') return new AlarmsError('aborted', `${what} was cancelled`)
  const message = error instanceof Error ? error.message : String(error)
  return new AlarmsError('network', `${what} failed: ${message}`)
}
