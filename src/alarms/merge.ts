import type { Alarm } from './types'

/*
 * Immutable list operations for a newest-first list of alarms, unique by id. Every function
 * returns the input array itself when nothing changed, so a `shallowRef` holding the list only
 * triggers on real changes.
 */

/** Ids are compared as strings: a backend may send `7` on the stream and `"7"` over REST. */
export function alarmKey(id: Alarm['id']): string {
  return String(id)
}

export function findAlarmIndex(items: readonly Alarm[], id: Alarm['id']): number {
  const key = alarmKey(id)
  return items.findIndex((item) => alarmKey(item.id) === key)
}

function cap(items: Alarm[], maxItems: number): Alarm[] {
  return items.length > maxItems ? items.slice(0, maxItems) : items
}

const NUMERIC_ID = /^\d+$/

/**
 * Newest first: by `createdAt`, then by id (numerically when both ids are integers). Negative when `a` is newer.
 * Both timestamps come from one backend in one format, so parsing them alike is enough (zone-less ones too).
 */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const aTime = Date.parse(a.createdAt)
  const bTime = Date.parse(b.createdAt)
  if (!Number.isNaN(aTime) && !Number.isNaN(bTime) && aTime !== bTime) return bTime - aTime
  const aId = String(a.id)
  const bId = String(b.id)
  if (NUMERIC_ID.test(aId) && NUMERIC_ID.test(bId) && aId !== bId) return Number(bId) - Number(aId)
  return bId < aId ? -1 : bId > aId ? 1 : 0
}

/**
 * Puts a pushed alarm in its place: first when it is the newest (the usual case, one comparison), lower when
 * the list already holds newer ones (a first page fetched while a burst was still streaming in).
 * @returns the new list, or `null` when an alarm with that id is already there (a replay).
 */
export function insertAlarm(items: readonly Alarm[], alarm: Alarm, maxItems: number): Alarm[] | null {
  const result = insertAlarms(items, [alarm], maxItems)
  return result.added.length > 0 ? result.items : null
}

export interface InsertResult {
  /** The new list; the input itself when nothing was added. */
  items: Alarm[]
  /** The alarms not held before, in the order given (a repeat within `alarms` counts once). */
  added: Alarm[]
}

/**
 * `insertAlarm` for many alarms in one pass: the same list as inserting them one by one, but built once
 * (one copy and one set of held ids instead of one of each per alarm, which made a burst quadratic).
 */
export function insertAlarms(items: readonly Alarm[], alarms: readonly Alarm[], maxItems: number): InsertResult {
  const held = new Set(items.map((item) => alarmKey(item.id)))
  const added = alarms.filter((alarm) => {
    const key = alarmKey(alarm.id)
    if (held.has(key)) return false
    held.add(key)
    return true
  })
  if (added.length === 0) return { items: items as Alarm[], added }
  // Each goes before the first held alarm that is not newer, exactly as one-by-one insertion places it.
  const next: Alarm[] = []
  let at = 0
  for (const alarm of [...added].sort(compareAlarms)) {
    while (at < items.length && compareAlarms(items[at]!, alarm) < 0) next.push(items[at++]!)
    next.push(alarm)
  }
  while (at < items.length && next.length < maxItems) next.push(items[at++]!)
  return { items: cap(next, maxItems), added }
}

/**
 * Merges two newest-first lists in one pass (a sort would parse every timestamp again on each of its n log n
 * comparisons: a 10 000-alarm reconcile became a long task).
 */
export function mergeSorted(a: readonly Alarm[], b: readonly Alarm[]): Alarm[] {
  if (b.length === 0) return a.slice()
  if (a.length === 0) return b.slice()
  const merged: Alarm[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) merged.push(compareAlarms(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!)
  while (i < a.length) merged.push(a[i++]!)
  while (j < b.length) merged.push(b[j++]!)
  return merged
}
