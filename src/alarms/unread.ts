import type { Alarm } from './types'

/** A page asked for with `unread=true` that holds a read alarm proves the backend ignored the filter. */
export function ignoresUnreadFilter(page: readonly Alarm[]): boolean {
  return page.some((alarm) => alarm.isRead)
}
