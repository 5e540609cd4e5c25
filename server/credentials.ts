import type { IncomingMessage } from 'node:http'
import { HttpError } from './http'

/** Where a request carries its credential: the shapes real Spring backends use. */
export type AuthMode = { kind: 'bearer' } | { kind: 'raw' } | { kind: 'header'; name: string } | { kind: 'cookie' }

/** An auth mode as written on the command line and in options. */
export type AuthOption = 'bearer' | 'raw' | 'cookie' | `header:${string}`

export const SESSION_COOKIE = 'SESSION'
export const XSRF_COOKIE = 'XSRF-TOKEN'
export const XSRF_HEADER = 'X-XSRF-TOKEN'

// RFC 9110 token characters: what a header field name may contain.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Parses `bearer`, `raw`, `header:<Name>` or `cookie`; throws a TypeError naming the bad value. */
export function parseAuthMode(value: string): AuthMode {
  if (value === 'bearer' || value === 'raw' || value === 'cookie') return { kind: value }
  if (value.startsWith('header:')) {
    const name = value.slice('header:'.length)
    if (!HEADER_NAME.test(name)) throw new TypeError(`auth header name "${name}" is not a valid header name`)
    if (/^(authorization|cookie)$/i.test(name)) throw new TypeError(`header:${name} is not a custom header; use raw or cookie`)
    return { kind: 'header', name }
  }
  throw new TypeError(`auth must be bearer, raw, header:<Name> or cookie, got "${value}"`)
}

export function formatAuthMode(mode: AuthMode): AuthOption {
  return mode.kind === 'header' ? `header:${mode.name}` : mode.kind
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const raw = req.headers[name.toLowerCase()]
  return Array.isArray(raw) ? raw[0] : raw
}

/** The request's cookies; the first of a repeated name wins, as Spring's cookie resolver does. */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const equals = part.indexOf('=')
    if (equals === -1) continue
    const name = part.slice(0, equals).trim()
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(equals + 1).trim())
  }
  return cookies
}

/**
 * The access token of a token-mode request; 401 when it is missing or sent in the wrong shape.
 * Only the header the mode names counts: in `header:<Name>` mode `Authorization` is ignored.
 */
export function readAccessToken(req: IncomingMessage, mode: Exclude<AuthMode, { kind: 'cookie' }>): string {
  if (mode.kind === 'header') {
    const value = headerValue(req, mode.name)?.trim()
    if (!value) throw new HttpError(401, `missing ${mode.name} header`)
    return value
  }
  const value = req.headers.authorization?.trim()
  if (mode.kind === 'bearer') {
    const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null
    if (!match?.[1]) throw new HttpError(401, 'missing bearer token', { 'WWW-Authenticate': 'Bearer' })
    return match[1]
  }
  if (!value) throw new HttpError(401, 'missing Authorization header')
  // Raw mode: the header is the token itself; a scheme in front means the client was set up for another backend.
  if (/\s/.test(value)) throw new HttpError(401, 'Authorization must be the token alone, without a scheme')
  return value
}

/**
 * What credential a request carried, for the request log: header name and scheme, never a value.
 * Several at once are listed in a fixed order, e.g. `Authorization: Bearer, cookie`.
 */
export function describeCredentials(req: IncomingMessage, mode: AuthMode): string {
  const found: string[] = []
  const authorization = req.headers.authorization?.trim()
  if (authorization) {
    const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(authorization)?.[1]
    found.push(`Authorization: ${scheme ?? 'raw'}`)
  }
  if (mode.kind === 'header' && headerValue(req, mode.name) !== undefined) found.push(mode.name)
  if (readCookies(req).has(SESSION_COOKIE)) found.push('cookie')
  return found.length > 0 ? found.join(', ') : 'none'
}

/** Whether the request sent an `X-XSRF-TOKEN` header at all (its value is never logged). */
export function sentXsrfHeader(req: IncomingMessage): boolean {
  return headerValue(req, XSRF_HEADER) !== undefined
}

const UNSAFE_METHODS = new Set(['POST', 'PATCH', 'DELETE', 'PUT'])

/**
 * Spring Security's `CookieCsrfTokenRepository` double submit: an unsafe request must echo the `XSRF-TOKEN`
 * cookie in `X-XSRF-TOKEN`. Spring's CsrfFilter runs before authentication, so this answers 403 even
 * when the session is gone.
 */
export function checkCsrf(req: IncomingMessage): void {
  if (!UNSAFE_METHODS.has(req.method ?? 'GET')) return
  const cookie = readCookies(req).get(XSRF_COOKIE)
  const header = headerValue(req, XSRF_HEADER)
  if (!cookie || header !== cookie) throw new HttpError(403, 'invalid or missing CSRF token')
}
