import { HttpError, sendEmpty, sendJson } from '../http'
import { defineRoute, type RequestContext } from '../router'
import { requireUser } from './auth'

function integerParam(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback
  if (!/^-?\d+$/.test(value)) throw new HttpError(400, `"${name}" must be an integer`)
  return Number(value)
}

/** Alarm ids in paths: anything but a positive integer is simply not found. */
function alarmIdParam(ctx: RequestContext): number {
  const raw = ctx.params.id ?? ''
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : 0
  if (id <= 0) throw new HttpError(404, 'alarm not found')
  return id
}

function list(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  const page = integerParam(ctx.url.searchParams.get('page'), 'page', 0)
  const size = integerParam(ctx.url.searchParams.get('size'), 'size', 20)
  if (page < 0) throw new HttpError(400, '"page" must be >= 0')
  if (size < 1 || size > 100) throw new HttpError(400, '"size" must be between 1 and 100')
  const unreadOnly = ctx.url.searchParams.get('unread') === 'true'
  const { items, total } = unreadOnly ? ctx.app.db.unreadPage(userId, page, size) : ctx.app.db.page(userId, page, size)
  sendJson(ctx.res, 200, { items, page, size, total })
}

function count(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  sendJson(ctx.res, 200, { count: ctx.app.db.unreadCount(userId) })
}

function markRead(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  if (!ctx.app.db.markRead(userId, alarmIdParam(ctx))) throw new HttpError(404, 'alarm not found')
  sendEmpty(ctx.res, 204)
}

function markUnread(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  if (!ctx.app.db.markUnread(userId, alarmIdParam(ctx))) throw new HttpError(404, 'alarm not found')
  sendEmpty(ctx.res, 204)
}

function markAllRead(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  ctx.app.db.markAllRead(userId)
  sendEmpty(ctx.res, 204)
}

function remove(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  if (!ctx.app.db.remove(userId, alarmIdParam(ctx))) throw new HttpError(404, 'alarm not found')
  sendEmpty(ctx.res, 204)
}

export const alarmRoutes = [
  defineRoute('GET', '/api/alarms', list),
  defineRoute('GET', '/api/alarms/count', count),
  defineRoute('PATCH', '/api/alarms/read-all', markAllRead),
  defineRoute('PATCH', '/api/alarms/:id/read', markRead),
  defineRoute('PATCH', '/api/alarms/:id/unread', markUnread),
  defineRoute('DELETE', '/api/alarms/:id', remove),
]
