import type { Alarm } from '../alarms/types'

/**
 * Alarms at the head of `items` (newest first) that are not in `seen`, stopping at the first seen one,
 * so pages appended by "load more" never count as new. Adds every id of `items` to `seen`.
 */
export function takeNewAtHead(items: readonly Alarm[], seen: Set<Alarm['id']>): Alarm[] {
  const fresh: Alarm[] = []
  let atHead = true
  for (const alarm of items) {
    if (seen.has(alarm.id)) atHead = false
    else {
      if (atHead) fresh.push(alarm)
      seen.add(alarm.id)
    }
  }
  return fresh
}
