import type { RefreshOutcome } from './failures'
import { isRenewal, type RefreshToken } from '../credentials'

/**
 * Calls `refreshToken` once after a 401 and says whether the stream may reconnect (`true`) or why not; never
 * rejects. The refresh's own error is not kept: an HTTP client's error holds the request headers, token included.
 */
export async function askForRefresh(refreshToken?: RefreshToken): Promise<true | RefreshOutcome> {
  if (!refreshToken) return 'missing'
  try {
    return isRenewal(await refreshToken()) || 'declined'
  } catch {
    return 'failed'
  }
}
