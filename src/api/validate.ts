import type { Alarm, AlarmPage } from '../alarms/types'
import { isRecord } from '../alarms/parse'
import { AlarmsError } from '../errors'

/** A list body mapped to what the store needs; what `parsePage` returns. Items are raw: `parseAlarm` reads each. */
export interface ParsedPage {
  items: unknown[]
  /** All alarms of the user (or of the filter). Leave it out on a cursor API without counts: `next` then tells. */
  total?: number
  /** The user's unread count, when the page carries it (then a refresh needs no count request). */
  unread?: number
  /** Where the next older page is: a cursor, or a link whose query is sent to the list endpoint; `null` when none. */
  next?: string | null
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** What a short production message names, explained in development. */
const EXPLAINED: Record<string, string> = {
  object: '`parsePage` returned no object',
  items: '`items` is not an array',
  total: '`total` is not a non-negative integer',
  unread: '`unread` is not a non-negative integer',
  next: '`next` is not a non-empty string or null',
  'total or next': 'neither `total` nor `next` says whether more pages follow',
  count: '`parseCount` did not return a non-negative integer',
}

/**
 * `problem` names the field (or is what the app's mapping threw). The explanation and the advice are
 * development-only prose: a production build keeps `what`, the problem and the code.
 */
function invalidBody(what: string, shape: 'page' | 'count', problem: string): AlarmsError {
  return new AlarmsError(
    'invalid-response',
    process.env.NODE_ENV !== 'production'
      ? `${what} answered a body that is not a ${shape}: ${EXPLAINED[problem] ?? problem}. ${
          shape === 'page' ? "Set the `parsePage` option to map your backend's page shape" : "Set the `parseCount` option to read your backend's count"
        }`
      : `${what}: not a ${shape} (${problem})`,
  )
}

const pageError = (what: string, problem: string) => invalidBody(what, 'page', problem)
const countError = (what: string, problem: string) => invalidBody(what, 'count', problem)

/** Runs the app's mapping; what it throws becomes the error that names the option. */
function mapBody<T>(map: (body: unknown) => T, body: unknown, fail: (detail: string) => AlarmsError): T {
  try {
    return map(body)
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error))
  }
}

/**
 * The default `parsePage`: the contract's `{ items, total }` and a Spring Data `Page` (`{ content, totalElements }`),
 * with the unread count as `unread` or `unreadCount` when present.
 */
export function defaultParsePage(body: unknown): ParsedPage {
  if (!isRecord(body)) throw new TypeError('not an object')
  const items = body.items ?? body.content
  if (!Array.isArray(items)) throw new TypeError('no `items` or `content` array')
  const total = body.total ?? body.totalElements
  const unread = body.unread ?? body.unreadCount
  return { items, total: total as number, ...(unread === undefined ? {} : { unread: unread as number }) }
}

/** The default `parseCount`: `{ count }`, `{ unreadCount }` or a bare number (a Spring `Long`). */
export function defaultParseCount(body: unknown): number {
  const count = isRecord(body) ? (body.count ?? body.unreadCount) : body
  if (!isCount(count)) throw new TypeError('no `count` or `unreadCount` non-negative integer')
  return count
}

/**
 * Validates a list response through `parsePage`. Every item must pass `parseAlarm`: a list with junk in it is an
 * error, not a silently shorter list. `page` and `size` are the request's (`page` counted from 0).
 */
export function validatePage(
  body: unknown,
  requested: { page: number; size: number },
  parseAlarm: (raw: unknown) => Alarm | null,
  what = 'GET list',
  parsePage: (body: unknown) => ParsedPage = defaultParsePage,
): AlarmPage {
  const parsed = mapBody(parsePage, body, (detail) => pageError(what, detail))
  if (!isRecord(parsed)) throw pageError(what, 'object')
  if (!Array.isArray(parsed.items)) throw pageError(what, 'items')
  const items: Alarm[] = []
  for (const [index, raw] of parsed.items.entries()) {
    let alarm: Alarm | null
    try {
      alarm = parseAlarm(raw)
    } catch {
      alarm = null
    }
    if (!alarm) throw pageError(what, `item ${index} is not an alarm (or set \`parseAlarm\`)`)
    items.push(alarm)
  }
  const { total, unread, next } = parsed
  if (total !== undefined && !isCount(total)) throw pageError(what, 'total')
  if (unread !== undefined && !isCount(unread)) throw pageError(what, 'unread')
  if (next !== undefined && next !== null && (typeof next !== 'string' || next === '')) throw pageError(what, 'next')
  if (total === undefined && next === undefined) throw pageError(what, 'total or next')
  return {
    items,
    page: requested.page,
    size: requested.size,
    ...(total === undefined ? {} : { total }),
    ...(unread === undefined ? {} : { unread }),
    ...(next === undefined ? {} : { next }),
  }
}

/** Validates a count response through `parseCount`. */
export function validateCount(body: unknown, what = 'GET count', parseCount: (body: unknown) => number = defaultParseCount): number {
  const count: unknown = mapBody(parseCount, body, (detail) => countError(what, detail))
  if (!isCount(count)) throw countError(what, 'count')
  return count
}
