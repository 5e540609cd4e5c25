import { readJsonObject, requirePositiveInteger, requireString, sendJson } from '../http'
import { defineRoute, type RequestContext } from '../router'

/** Verifies the bearer token and records the user on the context; throws 401. */
export function requireUser(ctx: RequestContext): number {
  const userId = ctx.app.tokens.authenticate(ctx.req)
  ctx.userId = userId
  return userId
}

async function login(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx.req)
  const userId = requirePositiveInteger(body, 'userId')
  ctx.userId = userId
  sendJson(ctx.res, 200, ctx.app.tokens.issuePair(userId))
}

async function refresh(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx.req)
  const userId = ctx.app.tokens.refreshUser(requireString(body, 'refreshToken'))
  ctx.userId = userId
  sendJson(ctx.res, 200, ctx.app.tokens.issuePair(userId))
}

export const authRoutes = [defineRoute('POST', '/api/auth/login', login), defineRoute('POST', '/api/auth/refresh', refresh)]
