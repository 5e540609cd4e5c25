import type { AlarmRecord } from './db'
import { HttpError } from './http'

/**
 * The list and count shapes of the backends the test API stands in for:
 * - `spring`: `{ items, page, size, total }` (the contract) from page 0, count `{ count }`;
 * - `nest`: `{ data, meta: { total, page, size } }` from page 1, count `{ unreadCount }` (NestJS, Laravel);
 * - `drf`: `{ count, next, previous, results }` from page 1, `next` an absolute link with a keyset `cursor`, count
 *   `{ count }` (Django REST framework).
 */
export type ApiShape = 'spring' | 'nest' | 'drf'

export const API_SHAPES: readonly ApiShape[] = ['spring', 'nest', 'drf']

export function parseShape(value: string): ApiShape {
  if ((API_SHAPES as readonly string[]).includes(value)) return value as ApiShape
  throw new TypeError(`must be one of ${API_SHAPES.join(', ')}, got "${value}"`)
}

/** The number of the first page. */
export const firstPageOf = (shape: ApiShape): number => (shape === 'spring' ? 0 : 1)

/** DRF's cursors are base64 of `p=<position>`; here the position is the id the next page starts below. */
export function encodeCursor(beforeId: number): string {
  return Buffer.from(`p=${beforeId}`).toString('base64url')
}

export function decodeCursor(cursor: string): number {
  const match = /^p=(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!match) throw new HttpError(400, 'Invalid cursor')
  return Number(match[1])
}

export interface PageToRender {
  items: AlarmRecord[]
  total: number
  /** The page number as the client sent it (the shape's numbering). */
  page: number
  size: number
  unread?: number
  /** Absolute URL of the list endpoint with this request's filter, for `next`/`previous` links. */
  link: (query: Record<string, string>) => string
  /** More alarms follow the last item. */
  more: boolean
}

export function renderPage(shape: ApiShape, page: PageToRender): unknown {
  const unread = page.unread === undefined ? {} : { unread: page.unread }
  const { items, total, size } = page
  if (shape === 'spring') return { items, page: page.page, size, total, ...unread }
  if (shape === 'nest') return { data: items, meta: { total, page: page.page, size, lastPage: Math.max(1, Math.ceil(total / size)) }, ...unread }
  const oldest = items[items.length - 1]
  return {
    count: total,
    next: page.more && oldest ? page.link({ cursor: encodeCursor(oldest.id), size: String(size) }) : null,
    previous: page.page > 1 ? page.link({ page: String(page.page - 1), size: String(size) }) : null,
    results: items,
    ...unread,
  }
}

export function renderCount(shape: ApiShape, count: number): unknown {
  return shape === 'nest' ? { unreadCount: count } : { count }
}
