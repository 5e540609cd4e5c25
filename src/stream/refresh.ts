import type { RefreshOutcome } from './failures'
import type { RefreshToken } from './types'

/** The {@link RefreshToken} contract: `false`, `null` or a rejection mean "not renewed"; anything else means renewed. */
export const isRenewal = (result: unknown) => result !== false && result !== null

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
