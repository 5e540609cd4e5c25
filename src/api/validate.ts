import type { Alarm, AlarmPage } from '../alarms/types'
import { isRecord } from '../alarms/parse'
import { AlarmsError } from '../errors'

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function invalid(what: string, detail: string): AlarmsError {
  return new AlarmsError('invalid-response', `${what} answered an invalid body: ${detail}`)
}

/**
 * Validates a list response. Besides the contract's `{ items, page, size, total }` it reads a
 * Spring Data `Page` (`{ content, number, size, totalElements }`), which many backends return as is.
 * Every item must pass `parseAlarm`: a list with junk in it is an error, not a silently shorter list.
 */
export function validatePage(
  body: unknown,
  requested: { page: number; size: number },
  parseAlarm: (raw: unknown) => Alarm | null,
  what = 'GET list',
): AlarmPage {
  if (!isRecord(body)) throw invalid(what, 'not an object')
  const rawItems = body.items ?? body.content
  if (!Array.isArray(rawItems)) throw invalid(what, '`items` is not an array')
  const items: Alarm[] = []
  for (const [index, raw] of rawItems.entries()) {
    let alarm: Alarm | null
    try {
      alarm = parseAlarm(raw)
    } catch {
      alarm = null
    }
    if (!alarm) throw invalid(what, `item ${index} is not an alarm`)
    items.push(alarm)
  }
  const page = body.page ?? body.number ?? requested.page
  const size = body.size ?? requested.size
  const total = body.total ?? body.totalElements
  if (!isCount(page)) throw invalid(what, '`page` is not a non-negative integer')
  if (!isCount(size)) throw invalid(what, '`size` is not a non-negative integer')
  if (!isCount(total)) throw invalid(what, '`total` is not a non-negative integer')
  const unread = body.unread ?? body.unreadCount
  if (unread !== undefined && !isCount(unread)) throw invalid(what, '`unread` is not a non-negative integer')
  return unread === undefined ? { items, page, size, total } : { items, page, size, total, unread }
}

/** Validates a count response: `{ count }` or a bare number (a Spring `Long`). */
export function validateCount(body: unknown, what = 'GET count'): number {
  const count = isRecord(body) ? body.count : body
  if (!isCount(count)) throw invalid(what, '`count` is not a non-negative integer')
  return count
}
