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

/**
 * Counts 401s that come right after a successful refresh. An expired token is fixed by one refresh; a renewed
 * credential refused twice in a row is one the backend never takes (wrong header shape, cookies not sent), and
 * refreshing on would loop `401 → refresh → 401` for ever.
 */
export function createRefusalCounter() {
  let justRefreshed = false
  let refusedInARow = 0
  return {
    /** A 401 arrived; true when it is the second in a row after a successful refresh: give up. */
    refusedAgain(): boolean {
      if (justRefreshed) refusedInARow++
      return refusedInARow >= 2
    },
    refreshed(): void {
      justRefreshed = true
    },
    /** Any other answer (or a manual reconnect) starts the count again. */
    reset(): void {
      justRefreshed = false
      refusedInARow = 0
    },
  }
}
