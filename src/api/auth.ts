import { AlarmsError, credentialRefusedError } from '../errors'
import { isRenewal, type GetToken, type RefreshToken } from '../credentials'

/** The Bearer scheme, the default shape of the auth header: one definition for the stream and REST. */
export { bearerAuthHeaders } from '../credentials'

/**
 * Single-flight token refresh: concurrent callers (a burst of REST 401s and the stream's 401) share one call of
 * `refreshToken`. The session counts as renewed only when the retried request can be made: `refreshToken` renewed
 * (see {@link RefreshToken}) and, where the app has a token, `getToken()` now yields one.
 * @returns a function resolving `true` when renewed; `false` without `refreshToken`, on a rejection, or still no token.
 */
export interface TokenRefresher {
  (): Promise<boolean>
  /** A refresh is under way: a token that disappears now was dropped by a failed refresh, not by a sign-out. */
  readonly pending: boolean
}

export function createTokenRefresher(
  refreshToken?: RefreshToken,
  getToken?: GetToken,
): TokenRefresher {
  let inFlight: Promise<boolean> | null = null
  const refresh = () => {
    if (!refreshToken) return Promise.resolve(false)
    inFlight ??= (async () => {
      try {
        if (!isRenewal(await refreshToken())) return false
        return getToken ? Boolean(await getToken()) : true
      } catch {
        return false
      } finally {
        inFlight = null
      }
    })()
    return inFlight
  }
  return Object.defineProperty(refresh, 'pending', { get: () => inFlight !== null }) as TokenRefresher
}

const isUnauthorized = (error: unknown) => error instanceof AlarmsError && error.code === 'unauthorized'

/**
 * Runs a request; on a 401 refreshes the session once (shared) and retries once. A 401 to the retry, made with
 * the credential just renewed, is a misconfiguration rather than an expiry: it says so.
 */
export async function withTokenRefresh<T>(request: () => Promise<T>, refresh: () => Promise<boolean>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    if (!isUnauthorized(error)) throw error
    if (!(await refresh())) throw error
  }
  try {
    return await request()
  } catch (error) {
    throw isUnauthorized(error) ? credentialRefusedError() : error
  }
}
