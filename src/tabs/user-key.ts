/**
 * The user a token belongs to, read from its `sub` claim: works for JWTs (`header.payload.signature`) and
 * for `payload.signature` tokens. Nothing is verified here; the key only scopes tab sharing in this browser.
 * @returns null when no segment decodes to JSON with a `sub`.
 */
export function tokenSubject(token: string): string | null {
  for (const segment of token.split('.')) {
    const claims = decodeSegment(segment)
    if (claims && (typeof claims.sub === 'string' || typeof claims.sub === 'number')) return String(claims.sub)
  }
  return null
}

/**
 * A `userKey` result as the text identities are compared by: a number becomes its decimal string, so the numeric
 * id 7105 (or Nuxt's `useCookie('uid')`, which parses the cookie `"7105"` to a number) and the string "7105" are
 * one user. Empty text and non-finite numbers mean nobody.
 */
export function userKeyText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null
  return null
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return null
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/')
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))
    const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}
