import { AlarmsApiError } from './errors'

/**
 * Single-flight token refresh: concurrent callers (a burst of REST 401s and the stream's 401)
 * share one call of `refreshToken`.
 * @returns a function resolving `true` when the token was refreshed; `false` when there is no
 * `refreshToken`, it threw, or it resolved `false`.
 */
export function createTokenRefresher(refreshToken?: () => Promise<unknown>): () => Promise<boolean> {
  let inFlight: Promise<boolean> | null = null
  return () => {
    if (!refreshToken) return Promise.resolve(false)
    inFlight ??= (async () => {
      try {
        return (await refreshToken()) !== false
      } catch {
        return false
      } finally {
        inFlight = null
      }
    })()
    return inFlight
  }
}

/** Runs a request; on a 401 refreshes the token once (shared) and retries once. */
export async function withTokenRefresh<T>(request: () => Promise<T>, refresh: () => Promise<boolean>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    if (!(error instanceof AlarmsApiError) || error.code !== 'unauthorized') throw error
    if (!(await refresh())) throw error
    return request()
  }
}
