import type { ServerResponse } from 'node:http'
import { XSRF_HEADER, type AuthMode } from './credentials'
import { sendEmpty } from './http'

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS'
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Last-Event-ID', XSRF_HEADER]

/** Headers a cross-origin page may send: the fixed ones plus the custom auth header in `header:<Name>` mode. */
export function corsAllowedHeaders(mode: AuthMode): string {
  return [...ALLOWED_HEADERS, ...(mode.kind === 'header' ? [mode.name] : [])].join(', ')
}

/**
 * Credentialed CORS for one exact origin, as Spring's `allowedOrigins(..).allowCredentials(true)`: cookies and
 * `credentials: 'include'` only work with an exact origin, never `*`. Returns true when it answered a preflight.
 */
export function applyCors(res: ServerResponse, method: string, origin: string, mode: AuthMode): boolean {
  res.setHeader('Access-Control-Allow-Origin', origin)
  res.setHeader('Access-Control-Allow-Credentials', 'true')
  res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After')
  if (method !== 'OPTIONS') return false
  sendEmpty(res, 204, {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': corsAllowedHeaders(mode),
    'Access-Control-Max-Age': '600',
  })
  return true
}
