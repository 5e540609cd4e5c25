import { trimOldest } from '../alarms/bounded'
import { alarmKey } from '../alarms/merge'
import type { Alarm } from '../alarms/types'

export interface Announcer {
  /** Calls the listeners with the alarms not seen before. */
  announce(alarms: readonly Alarm[]): void
  /** Marks alarms as seen without announcing them (a page loaded on request). */
  remember(alarms: readonly Alarm[]): void
  subscribe(listener: (alarms: Alarm[]) => void): () => void
  /** A new user: nothing seen yet. */
  forget(): void
}

/**
 * "A new alarm", announced once whichever path brought it (stream, replay, REST reconcile). What is remembered is
 * bounded: past `limit` keys the oldest are forgotten (a Set keeps insertion order), so a page left open for a
 * week holds no more than a few times what it shows. A forgotten alarm is held no more either: held ones are never
 * announced again, since only alarms the list did not hold reach `announce`.
 */
export function createAnnouncer(limit: number, onAlarm: ((alarm: Alarm) => void) | undefined, onFresh: () => void): Announcer {
  const seen = new Set<string>()
  const listeners = new Set<(alarms: Alarm[]) => void>()

  function remember(alarms: readonly Alarm[]) {
    for (const alarm of alarms) {
      const key = alarmKey(alarm.id)
      // Re-inserted, so the alarms seen last are the ones kept.
      seen.delete(key)
      seen.add(key)
    }
    trimOldest(seen, limit)
  }

  return {
    remember,
    announce(alarms) {
      const fresh = alarms.filter((alarm) => !seen.has(alarmKey(alarm.id)))
      if (fresh.length === 0) return
      remember(fresh)
      onFresh()
      for (const alarm of fresh) {
        try {
          onAlarm?.(alarm)
        } catch {
          // An app callback must not break the stream or the client.
        }
      }
      for (const listener of listeners) {
        try {
          listener(fresh)
        } catch {
          // Same for a component's listener.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    forget: () => seen.clear(),
  }
}
