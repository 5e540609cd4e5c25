import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { HttpError } from './http'

type TokenKind = 'access' | 'refresh'

interface TokenPayload {
  sub: number
  typ: TokenKind
  /** Issued at, epoch milliseconds. */
  iat: number
  /** Expires at, epoch milliseconds. */
  exp: number
  jti: string
}

export interface TokenPair {
  accessToken: string
  refreshToken: string
  /** Access token lifetime in seconds. */
  expiresIn: number
}

const REFRESH_TTL_MS = 7 * 24 * 60 * 60 * 1000

export interface TokenServiceOptions {
  secret: string
  accessTtlMs: number
}

/** HMAC-SHA256 signed tokens: `base64url(payload).base64url(signature)`. */
export function createTokenService({ secret, accessTtlMs }: TokenServiceOptions) {
  // Tokens issued at or before this instant are rejected (the `expireTokens` fault).
  let notAfterIssued = 0
  let lastIssuedAt = 0

  function sign(data: string): Buffer {
    return createHmac('sha256', secret).update(data).digest()
  }

  function issue(userId: number, typ: TokenKind, ttlMs: number): string {
    // Strictly increasing issue times keep "issued so far" exact even within one millisecond.
    const iat = Math.max(Date.now(), lastIssuedAt + 1, notAfterIssued + 1)
    lastIssuedAt = iat
    const payload: TokenPayload = { sub: userId, typ, iat, exp: iat + ttlMs, jti: randomBytes(6).toString('base64url') }
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
    return `${body}.${sign(body).toString('base64url')}`
  }

  function verify(token: string, typ: TokenKind): TokenPayload | undefined {
    const [body, signature, extra] = token.split('.')
    if (!body || !signature || extra !== undefined) return undefined
    const expected = sign(body)
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    let payload: TokenPayload
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload
    } catch {
      return undefined
    }
    if (payload.typ !== typ || typeof payload.sub !== 'number' || typeof payload.exp !== 'number') return undefined
    if (payload.exp <= Date.now()) return undefined
    if (typ === 'access' && payload.iat <= notAfterIssued) return undefined
    return payload
  }

  return {
    issuePair(userId: number): TokenPair {
      return {
        accessToken: issue(userId, 'access', accessTtlMs),
        refreshToken: issue(userId, 'refresh', REFRESH_TTL_MS),
        expiresIn: Math.max(1, Math.round(accessTtlMs / 1000)),
      }
    },
    /** The user a refresh token belongs to; 401 when it is bad or expired. */
    refreshUser(refreshToken: string): number {
      const payload = verify(refreshToken, 'refresh')
      if (!payload) throw new HttpError(401, 'invalid refresh token')
      return payload.sub
    },
    /** The user of a valid, unexpired access token; undefined otherwise. */
    accessUser(accessToken: string): number | undefined {
      return verify(accessToken, 'access')?.sub
    },
    /** Expires every access token issued so far. */
    expireAll(): void {
      notAfterIssued = Math.max(Date.now(), lastIssuedAt)
    },
  }
}

export type TokenService = ReturnType<typeof createTokenService>
