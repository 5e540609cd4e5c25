import { unauthorizedFailure } from './failures'
import type { AlarmStreamStatusInfo, MaybePromise } from './types'

/**
 * Asks `refreshToken` (called once) whether a 401'd stream may reconnect; never rejects. `failure` is what the
 * stream reports when it gives up. The refresh's own error is not kept: an HTTP client's error holds the request
 * headers, token included.
 */
export async function askForRefresh(refreshToken?: () => MaybePromise<boolean>): Promise<{ refreshed: boolean; failure: AlarmStreamStatusInfo }> {
  if (!refreshToken) return { refreshed: false, failure: unauthorizedFailure('no token refresh') }
  try {
    const refreshed = (await refreshToken()) === true
    return { refreshed, failure: unauthorizedFailure('the token refresh declined') }
  } catch {
    return { refreshed: false, failure: unauthorizedFailure('the token refresh failed') }
  }
}
