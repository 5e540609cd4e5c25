import type { Alarm } from './types'
import { alarmKey, compareAlarms } from './merge'

/**
 * What the Unread filter lists: the held unread alarms and the unread ones fetched beyond the held pages,
 * newest first, unique by id. A held copy wins over a fetched one (it carries the latest read state).
 */
export function mergeUnread(items: readonly Alarm[], older: readonly Alarm[]): Alarm[] {
  const unread = items.filter((alarm) => !alarm.isRead)
  if (older.length === 0) return unread
  const held = new Set(items.map((alarm) => alarmKey(alarm.id)))
  const extra = older.filter((alarm) => !alarm.isRead && !held.has(alarmKey(alarm.id)))
  return extra.length === 0 ? unread : [...unread, ...extra].sort(compareAlarms)
}

/** A page asked for with `unread=true` that holds a read alarm proves the backend ignored the filter. */
export function ignoresUnreadFilter(page: readonly Alarm[]): boolean {
  return page.some((alarm) => alarm.isRead)
}
