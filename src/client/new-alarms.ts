import { trimOldest } from '../alarms/bounded'
import { alarmKey } from '../alarms/merge'
import type { Alarm } from '../alarms/types'

/** "A new alarm": one that arrives live for the first time on this page, reported once per id. */
export interface NewAlarms {
  /** Reports the alarms among `alarms` not seen before to `onNewAlarm` and the listeners. */
  report(alarms: readonly Alarm[]): void
  /** Marks alarms as seen without reporting them (a page loaded on request). */
  remember(alarms: readonly Alarm[]): void
  subscribe(listener: (alarms: Alarm[]) => void): () => void
  /** A new user: nothing seen yet. */
  forget(): void
}

/**
 * New alarms, reported once whichever path brought them (stream, replay, REST reconcile). What is remembered is
 * bounded: past `limit` keys the oldest are forgotten (a Set keeps insertion order), so a page left open for a
 * week holds no more than a few times what it shows. A forgotten alarm is held no more either: held ones are never
 * reported again, since only alarms the list did not hold reach `report`.
 */
export function createNewAlarms(limit: number, onNewAlarm: ((alarm: Alarm) => void) | undefined, onReported: () => void): NewAlarms {
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
    report(alarms) {
      const fresh = alarms.filter((alarm) => !seen.has(alarmKey(alarm.id)))
      if (fresh.length === 0) return
      remember(fresh)
      onReported()
      for (const alarm of fresh) {
        try {
          onNewAlarm?.(alarm)
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
