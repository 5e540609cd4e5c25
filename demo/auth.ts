import { shallowRef } from 'vue'
import { API_BASE } from './api-base'

/** Where the demo's sign-in stands. `expired`: the refresh token was refused, the person must sign in again. */
export type SessionState = 'signed-out' | 'signed-in' | 'expired'

interface TokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path} answered ${response.status}`)
  return (await response.json()) as T
}

/**
 * The demo's session: tokens live in memory only (never in storage or URLs), so a reload signs out.
 * `refresh()` trades the refresh token for a new access token; concurrent callers share one request.
 */
export function createDemoAuth() {
  const state = shallowRef<SessionState>('signed-out')
  const userId = shallowRef<number | null>(null)
  let accessToken: string | null = null
  let refreshToken: string | null = null
  let refreshing: Promise<string | null> | null = null

  async function signIn(id: number): Promise<void> {
    const pair = await postJson<TokenPair>(`${API_BASE}/auth/login`, { userId: id })
    accessToken = pair.accessToken
    refreshToken = pair.refreshToken
    userId.value = id
    state.value = 'signed-in'
  }

  function signOut(): void {
    accessToken = null
    refreshToken = null
    userId.value = null
    state.value = 'signed-out'
  }

  function getToken(): string | null {
    return accessToken
  }

  /** A new access token, or null when the refresh token was refused (the session is then `expired`). */
  function refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      try {
        if (!refreshToken) throw new Error('no refresh token')
        const pair = await postJson<{ accessToken: string; refreshToken?: string }>(`${API_BASE}/auth/refresh`, { refreshToken })
        accessToken = pair.accessToken
        if (pair.refreshToken) refreshToken = pair.refreshToken
        return accessToken
      } catch {
        expire()
        return null
      } finally {
        refreshing = null
      }
    })()
    return refreshing
  }

  /** Called when the server refuses the session for good. */
  function expire(): void {
    accessToken = null
    refreshToken = null
    if (state.value === 'signed-in') state.value = 'expired'
  }

  /** Demo switch: forget the real refresh token so the next refresh is refused, as after a server-side revoke. */
  function revokeRefreshToken(): void {
    if (refreshToken) refreshToken = 'revoked.refresh-token'
  }

  return { state, userId, signIn, signOut, getToken, refresh, expire, revokeRefreshToken }
}

export type DemoAuth = ReturnType<typeof createDemoAuth>
