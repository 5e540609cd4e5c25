import { shallowRef } from 'vue'
import { API_BASE } from './api-base'
import { xsrfHeader, type AuthShape } from './auth-shape'

/** Where the demo's sign-in stands. `expired`: the session could not be renewed, the person must sign in again. */
export type SessionState = 'signed-out' | 'signed-in' | 'expired'

interface TokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    // Cookie sessions: the server sets and reads its cookies on these calls too (cross-origin as well).
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', ...xsrfHeader() },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path} answered ${response.status}`)
  return (response.status === 204 ? undefined : await response.json()) as T
}

/**
 * The demo's session. Token shapes: tokens live in memory only (never in storage or URLs), so a reload signs out;
 * `refresh()` trades the refresh token for a new access token, concurrent callers sharing one request. Cookie
 * sessions: the server's HttpOnly cookie is the session; the page only knows who signed in.
 * Everything the store reads is reactive, so signing in and out drives the stream with no call.
 */
export function createDemoAuth(shape: AuthShape) {
  const state = shallowRef<SessionState>('signed-out')
  const userId = shallowRef<number | null>(null)
  const accessToken = shallowRef<string | null>(null)
  let refreshToken: string | null = null
  let refreshing: Promise<string | null> | null = null

  async function signIn(id: number): Promise<void> {
    const answer = await postJson<TokenPair | { userId: number }>(`${API_BASE}/auth/login`, { userId: id })
    if ('accessToken' in answer) {
      accessToken.value = answer.accessToken
      refreshToken = answer.refreshToken
    }
    userId.value = id
    state.value = 'signed-in'
  }

  function signOut(): void {
    if (shape === 'cookie') void postJson(`${API_BASE}/auth/logout`, {}).catch(() => {})
    accessToken.value = null
    refreshToken = null
    userId.value = null
    state.value = 'signed-out'
  }

  /** A new access token, or null when the refresh token was refused (the session is then `expired`). */
  function refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      try {
        if (!refreshToken) throw new Error('no refresh token')
        const pair = await postJson<{ accessToken: string; refreshToken?: string }>(`${API_BASE}/auth/refresh`, { refreshToken })
        accessToken.value = pair.accessToken
        if (pair.refreshToken) refreshToken = pair.refreshToken
        return pair.accessToken
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
    accessToken.value = null
    refreshToken = null
    if (state.value === 'signed-in') state.value = 'expired'
  }

  /** Demo switch: forget the real refresh token so the next refresh is refused, as after a server-side revoke. */
  function revokeRefreshToken(): void {
    if (refreshToken) refreshToken = 'revoked.refresh-token'
  }

  return {
    shape,
    state,
    userId,
    signIn,
    signOut,
    getToken: () => accessToken.value,
    refresh,
    expire,
    revokeRefreshToken,
  }
}

export type DemoAuth = ReturnType<typeof createDemoAuth>
