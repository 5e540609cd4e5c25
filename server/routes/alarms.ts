import { HttpError, sendEmpty, sendJson } from '../http'
import { defineRoute, type RequestContext } from '../router'
import { requireUser } from './auth'
import { decodeCursor, firstPageOf, renderCount, renderPage } from '../shapes'

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

function booleanParam(value: string | null, name: string): boolean {
  if (value === null || value === '' || value === 'false') return false
  if (value === 'true') return true
  throw new HttpError(400, `"${name}" must be true or false`)
}

function list(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  const { searchParams } = ctx.url
  const { db, options } = ctx.app
  const { shape } = options
  const first = firstPageOf(shape)
  const page = integerParam(searchParams.get('page'), 'page', first)
  const size = integerParam(searchParams.get('size'), 'size', 20)
  const unreadOnly = booleanParam(searchParams.get('unread'), 'unread')
  if (page < first) throw new HttpError(400, `"page" must be >= ${first}`)
  if (size < 1 || size > 100) throw new HttpError(400, '"size" must be between 1 and 100')
  const cursor = shape === 'drf' ? searchParams.get('cursor') : null
  // One extra row tells a keyset page whether more follow; an offset page knows it from the total.
  const found = cursor ? db.pageBefore(userId, decodeCursor(cursor), size + 1, unreadOnly) : db.page(userId, page - first, size, unreadOnly)
  const { total } = found
  const items = found.items.slice(0, size)
  const more = cursor ? found.items.length > size : (page - first) * size + items.length < total
  // Some backends put the badge count on every list page, sparing the client a separate count request.
  const unread = options.listUnreadField ? unreadOnly ? total : db.unreadCount(userId) : undefined
  const host = ctx.req.headers.host ?? '127.0.0.1'
  const link = (query: Record<string, string>) => {
    const url = new URL(`http://${host}${ctx.url.pathname}`)
    for (const [name, value] of Object.entries({ ...query, ...(unreadOnly ? { unread: 'true' } : {}) })) url.searchParams.set(name, value)
    return url.href
  }
  const body = renderPage(shape, { items, total, page, size, link, more, ...(unread === undefined ? {} : { unread }) })
  sendJson(ctx.res, 200, body)
}

function count(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  sendJson(ctx.res, 200, renderCount(ctx.app.options.shape, ctx.app.db.unreadCount(userId)))
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
