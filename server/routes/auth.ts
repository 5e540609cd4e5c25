import { checkCsrf, readAccessToken, readCookies, SESSION_COOKIE, XSRF_COOKIE } from '../credentials'
import { HttpError, readJsonObject, requirePositiveInteger, requireString, sendEmpty, sendJson } from '../http'
import { defineRoute, type RequestContext, type Route } from '../router'
import type { StartedSession } from '../sessions'

function authenticate({ app, req }: RequestContext): number {
  const mode = app.options.auth
  if (mode.kind === 'cookie') {
    const sessionId = readCookies(req).get(SESSION_COOKIE)
    if (!sessionId) throw new HttpError(401, 'missing session cookie')
    const userId = app.sessions.userOf(sessionId)
    if (userId === undefined) throw new HttpError(401, 'session ended or expired')
    return userId
  }
  const userId = app.tokens.accessUser(readAccessToken(req, mode))
  if (userId === undefined) {
    const challenge: Record<string, string> = mode.kind === 'bearer' ? { 'WWW-Authenticate': 'Bearer error="invalid_token"' } : {}
    throw new HttpError(401, 'invalid or expired access token', challenge)
  }
  return userId
}

/** Verifies the request's credential in the configured auth mode and records the user on the context; throws 401. */
export function requireUser(ctx: RequestContext): number {
  const userId = authenticate(ctx)
  ctx.userId = userId
  return userId
}

/** Spring's CsrfFilter guards every unsafe API request of a cookie session, except the login that starts one. */
export function guardCsrf(ctx: RequestContext, route: Route): void {
  const { auth, csrf } = ctx.app.options
  if (csrf && auth.kind === 'cookie' && route.handler !== login) checkCsrf(ctx.req)
}

// The session cookie is a browser-session cookie (no Max-Age), as Spring Session sets it; JavaScript may read only
// the XSRF token, which it must echo in a header.
function sessionCookies(session: StartedSession): string[] {
  return [
    `${SESSION_COOKIE}=${session.sessionId}; Path=/; HttpOnly; SameSite=Lax`,
    `${XSRF_COOKIE}=${session.xsrfToken}; Path=/`,
  ]
}

const CLEARED_COOKIES = [`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`, `${XSRF_COOKIE}=; Path=/; Max-Age=0`]

async function login(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx.req)
  const userId = requirePositiveInteger(body, 'userId')
  ctx.userId = userId
  const { app, res } = ctx
  if (app.options.auth.kind === 'cookie') {
    sendJson(res, 200, { userId }, { 'Set-Cookie': sessionCookies(app.sessions.start(userId)) })
    return
  }
  sendJson(res, 200, app.tokens.issuePair(userId))
}

async function refresh(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx.req)
  const userId = ctx.app.tokens.refreshUser(requireString(body, 'refreshToken'))
  ctx.userId = userId
  sendJson(ctx.res, 200, ctx.app.tokens.issuePair(userId))
}

/** Ends a cookie session for good and clears both cookies; token modes have nothing to revoke. Always 204. */
function logout(ctx: RequestContext): void {
  const { app, req, res } = ctx
  if (app.options.auth.kind !== 'cookie') {
    sendEmpty(res, 204)
    return
  }
  const sessionId = readCookies(req).get(SESSION_COOKIE)
  if (sessionId) {
    ctx.userId = app.sessions.userOf(sessionId) ?? null
    app.sessions.end(sessionId)
  }
  sendEmpty(res, 204, { 'Set-Cookie': CLEARED_COOKIES })
}

/** Cookie sessions have no refresh token: `/api/auth/refresh` exists only in the token modes. */
export function authRoutes(cookieSessions: boolean): Route[] {
  return [
    defineRoute('POST', '/api/auth/login', login),
    ...(cookieSessions ? [] : [defineRoute('POST', '/api/auth/refresh', refresh)]),
    defineRoute('POST', '/api/auth/logout', logout),
  ]
}
