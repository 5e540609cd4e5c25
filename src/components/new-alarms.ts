import type { Alarm } from '../alarms/types'
import { alarmKey } from '../alarms/merge'

/**
 * Alarms at the head of `items` (newest first) that are not in `seen`, stopping at the first seen one,
 * so pages appended by "load more" never count as new. Adds the key of every alarm in `items` to `seen`.
 * Keys, not raw ids: a reconcile may replace a pushed alarm `7` with the REST copy `"7"`, which is not new.
 */
export function takeNewAtHead(items: readonly Alarm[], seen: Set<string>): Alarm[] {
  const fresh: Alarm[] = []
  let atHead = true
  for (const alarm of items) {
    const key = alarmKey(alarm.id)
    if (seen.has(key)) atHead = false
    else {
      if (atHead) fresh.push(alarm)
      seen.add(key)
    }
  }
  return fresh
}
