import type { CreateAlarmsOptions } from '../src'

/** How the backend reads who is calling: the test API's `--auth` flag, picked with `?auth=` in the page's address. */
export type AuthShape = 'bearer' | 'raw' | 'header' | 'cookie'

export const AUTH_SHAPES: Record<AuthShape, string> = {
  bearer: 'Authorization: Bearer <token>',
  raw: 'Authorization: <token>',
  header: 'X-Auth-Token: <token>',
  cookie: 'Cookie session (SESSION + XSRF-TOKEN)',
}

export function currentAuthShape(): AuthShape {
  const shape = new URLSearchParams(location.search).get('auth')
  return shape !== null && shape in AUTH_SHAPES ? (shape as AuthShape) : 'bearer'
}

/** The one option each shape needs: exactly what an app on such a backend passes to `createAlarms`. */
export function authOptions(shape: AuthShape): Pick<CreateAlarmsOptions, 'authHeaders' | 'credentials'> {
  if (shape === 'raw') return { authHeaders: (token) => ({ Authorization: token }) }
  if (shape === 'header') return { authHeaders: (token) => ({ 'X-Auth-Token': token }) }
  if (shape === 'cookie') return { credentials: 'include' }
  return {}
}

/** The `XSRF-TOKEN` cookie, echoed as `X-XSRF-TOKEN` on the demo's own POSTs (Spring Security's double submit). */
export function xsrfHeader(): Record<string, string> {
  const match = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(document.cookie)
  return match?.[1] ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {}
}
