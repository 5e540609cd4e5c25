import type { ApiShape } from '../../server/index'
import { defaultParseCount, defaultParsePage, type ParsedPage } from '../../src/api/validate'
import type { CreateAlarmsOptions } from '../../src/options'

export type { ApiShape }
export { API_SHAPES } from '../../server/index'

interface NestPage {
  data: unknown[]
  meta: { total: number; page: number }
}

interface DrfPage {
  count: number
  next: string | null
  previous: string | null
  results: unknown[]
}

/** The client options for each shape of the test API, exactly as the docs give them (no interceptors). */
export const SHAPE_OPTIONS: Record<ApiShape, Pick<CreateAlarmsOptions, 'firstPage' | 'parsePage' | 'parseCount'>> = {
  spring: {},
  nest: {
    firstPage: 1,
    parsePage: (body) => {
      const { data, meta } = body as NestPage
      return { items: data, total: meta.total }
    },
  },
  drf: {
    firstPage: 1,
    parsePage: (body) => {
      const { results, count, next } = body as DrfPage
      return { items: results, total: count, next }
    },
  },
}

/** What the server holds for a token (its first 100 alarms and its unread count), read through the shape's mapping. */
export async function serverView(baseUrl: string, shape: ApiShape, token: string): Promise<{ items: { id: number; isRead: boolean }[]; unread: number }> {
  const headers = { Authorization: `Bearer ${token}` }
  const first = SHAPE_OPTIONS[shape].firstPage ?? 0
  const pageBody = await (await fetch(`${baseUrl}/api/alarms?page=${first}&size=100`, { headers })).json()
  const countBody = await (await fetch(`${baseUrl}/api/alarms/count`, { headers })).json()
  const page: ParsedPage = (SHAPE_OPTIONS[shape].parsePage ?? defaultParsePage)(pageBody)
  return { items: page.items as { id: number; isRead: boolean }[], unread: defaultParseCount(countBody) }
}
