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
 * Adds an older page after the list. Alarms already held are updated in place (the server's copy is
 * newer than ours); new ones are appended in page order.
 */
export function appendAlarms(items: readonly Alarm[], page: readonly Alarm[], maxItems: number): Alarm[] {
  const incoming = new Map(page.map((alarm) => [alarmKey(alarm.id), alarm]))
  const next = items.map((item) => {
    const key = alarmKey(item.id)
    const fresh = incoming.get(key)
    if (!fresh) return item
    incoming.delete(key)
    return fresh
  })
  for (const alarm of incoming.values()) next.push(alarm)
  return cap(next, maxItems)
}

export interface ReconcileResult {
  items: Alarm[]
  /** Page alarms the list did not hold before. */
  added: Alarm[]
  /** The list shared no alarm with the page and restarted from it, dropping what it held. */
  restarted: boolean
}

/**
 * Replaces the head of the list with a fresh first page, keeping the list a contiguous prefix of
 * the server's list (so offset paging never leaves a gap):
 * - a `complete` page (it holds the server's whole list) becomes the list;
 * - otherwise the alarms held after the page's last alarm are kept, and when the list does not
 *   hold that alarm at all (more than a page was missed) the list restarts from the page.
 */
export function reconcileFirstPage(
  items: readonly Alarm[],
  page: readonly Alarm[],
  complete: boolean,
  maxItems: number,
): ReconcileResult {
  const held = new Set(items.map((item) => alarmKey(item.id)))
  const added = page.filter((alarm) => !held.has(alarmKey(alarm.id)))
  const last = page[page.length - 1]
  if (complete || !last) return { items: cap([...page], maxItems), added, restarted: false }
  const lastIndex = findAlarmIndex(items, last.id)
  if (lastIndex === -1) return { items: cap([...page], maxItems), added, restarted: items.length > 0 }
  const inPage = new Set(page.map((alarm) => alarmKey(alarm.id)))
  const rest = items.slice(lastIndex + 1).filter((item) => !inPage.has(alarmKey(item.id)))
  return { items: cap([...page, ...rest], maxItems), added, restarted: false }
}

export interface MarkReadResult {
  items: Alarm[]
  /** True when the alarm was held and unread. */
  changed: boolean
}

export function markAlarmRead(items: readonly Alarm[], id: Alarm['id']): MarkReadResult {
  const index = findAlarmIndex(items, id)
  const current = items[index]
  if (!current || current.isRead) return { items: items as Alarm[], changed: false }
  const next = items.slice()
  next[index] = { ...current, isRead: true }
  return { items: next, changed: true }
}

/** Sets `isRead` back to false (a rolled-back read). */
export function markAlarmUnread(items: readonly Alarm[], id: Alarm['id']): MarkReadResult {
  const index = findAlarmIndex(items, id)
  const current = items[index]
  if (!current || !current.isRead) return { items: items as Alarm[], changed: false }
  const next = items.slice()
  next[index] = { ...current, isRead: false }
  return { items: next, changed: true }
}

export interface MarkAllReadResult {
  items: Alarm[]
  /** Keys of the alarms that were unread, for a rollback. */
  changedKeys: string[]
}

export function markAllAlarmsRead(items: readonly Alarm[]): MarkAllReadResult {
  const changedKeys: string[] = []
  const next = items.map((item) => {
    if (item.isRead) return item
    changedKeys.push(alarmKey(item.id))
    return { ...item, isRead: true }
  })
  return changedKeys.length === 0 ? { items: items as Alarm[], changedKeys } : { items: next, changedKeys }
}

/** Sets `isRead` back to false for the given keys (a rolled-back "read all"). */
export function markAlarmsUnread(items: readonly Alarm[], keys: readonly string[]): Alarm[] {
  if (keys.length === 0) return items as Alarm[]
  const wanted = new Set(keys)
  let changed = false
  const next = items.map((item) => {
    if (item.isRead && wanted.has(alarmKey(item.id))) {
      changed = true
      return { ...item, isRead: false }
    }
    return item
  })
  return changed ? next : (items as Alarm[])
}

export interface RemoveResult {
  items: Alarm[]
  /** The removed alarm and where it was, for a rollback; undefined when it was not held. */
  removed?: { alarm: Alarm; index: number }
}

export function removeAlarm(items: readonly Alarm[], id: Alarm['id']): RemoveResult {
  const index = findAlarmIndex(items, id)
  const alarm = items[index]
  if (!alarm) return { items: items as Alarm[] }
  return { items: [...items.slice(0, index), ...items.slice(index + 1)], removed: { alarm, index } }
}

/** Puts a removed alarm back where it was (a rolled-back remove), unless it came back meanwhile. */
export function restoreAlarm(items: readonly Alarm[], alarm: Alarm, index: number, maxItems: number): Alarm[] {
  if (findAlarmIndex(items, alarm.id) !== -1) return items as Alarm[]
  const at = Math.min(Math.max(index, 0), items.length)
  return cap([...items.slice(0, at), alarm, ...items.slice(at)], maxItems)
}
