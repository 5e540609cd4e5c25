import type { Alarm, AlarmPage } from './types'
import { trimOldest } from './bounded'
import { alarmKey, compareAlarms, findAlarmIndex, insertAlarms, mergeSorted } from './merge'

/**
 * The alarm list as plain immutable data, and the pure steps that move it. No network, no Vue: the client keeps
 * one `ListState` and the sync layer feeds it. Every step keeps these invariants (tested with fast-check):
 * - `items` is unique by id and newest first;
 * - an alarm stays in `items` until the server says it is gone (a removal, or a first page that proves it:
 *   it was held when the page was requested and falls inside what the page covers, yet is absent);
 * - `contiguous ≤ items.length`, `unreadCount ≥` the unread alarms held, `total ≥ contiguous`;
 * - once quiet, a refresh and the older pages bring it back to exactly the server's list and counts.
 */
export interface ListState {
  /** Newest first, unique by id. Replaced, never mutated. */
  items: Alarm[]
  /** The server's total as last reported, kept in step with local inserts and removals. */
  total: number
  /** What the badge shows: the server's count, never less than the unread alarms held. */
  unreadCount: number
  /** The server's unread count as last reported, moved with local changes since. */
  serverUnread: number
  /** Keys this client removed: a late or replayed stream copy must not bring them back (Spring replays its cache). */
  removed: ReadonlySet<string>
  /** How many leading items are known to be the server's newest alarms, in order: where offset paging resumes. */
  contiguous: number
  /**
   * Cursor paging: the `next` of the page that ended the contiguous part, where `loadMore` resumes; `null` when
   * that page was the last. Undefined on offset paging (and once the cap cut the contiguous part).
   */
  next?: string | null
}

export const emptyList: ListState = Object.freeze({ items: [], total: 0, unreadCount: 0, serverUnread: 0, removed: new Set<string>(), contiguous: 0 }) as ListState

/** More alarms wait on the server beyond the contiguous part. */
export function hasMoreAlarms(state: ListState): boolean {
  if (state.next !== undefined) return state.next !== null
  return state.contiguous < state.total
}

function countUnread(items: readonly Alarm[]): number {
  let unread = 0
  for (const item of items) if (!item.isRead) unread += 1
  return unread
}

/** Caps the list and restores the invariants that depend on several fields at once. */
function settle(
  state: ListState,
  items: Alarm[],
  total: number,
  serverUnread: number,
  contiguous: number,
  maxItems = Number.POSITIVE_INFINITY,
  next = state.next,
): ListState {
  const capped = items.length > maxItems ? items.slice(0, maxItems) : items
  const kept = Math.min(contiguous, capped.length)
  // A cursor points past the contiguous end: once the cap cuts into it, paging falls back to offsets.
  const cursor = kept < contiguous ? undefined : next
  return {
    items: capped,
    removed: state.removed,
    contiguous: kept,
    total: Math.max(total, kept),
    serverUnread: Math.max(0, serverUnread),
    unreadCount: Math.max(serverUnread, countUnread(capped)),
    ...(cursor === undefined ? {} : { next: cursor }),
  }
}

export interface AppliedAlarms {
  state: ListState
  /** The alarms not held before, in the order given. */
  added: Alarm[]
}

/** Alarms pushed by the stream (or relayed by another tab): inserted in order, duplicates ignored. */
export function applyStreamAlarms(state: ListState, alarms: readonly Alarm[], maxItems: number): AppliedAlarms {
  const wanted = state.removed.size === 0 ? alarms : alarms.filter((alarm) => !state.removed.has(alarmKey(alarm.id)))
  const { items, added } = insertAlarms(state.items, wanted, maxItems)
  if (added.length === 0) return { state, added }
  const prefixEnd = state.items[state.contiguous - 1]
  // An alarm newer than the end of the contiguous part lands inside it (the usual case: a new alarm on top).
  const intoPrefix = added.filter((alarm) => !prefixEnd ? state.contiguous === state.items.length : compareAlarms(alarm, prefixEnd) < 0).length
  return {
    state: settle(state, items, state.total + added.length, state.serverUnread + countUnread(added), state.contiguous + intoPrefix, maxItems),
    added,
  }
}

/** What a page response is judged against: what the list held when the request went out. */
export interface PageRequest {
  /** Keys of the alarms held when the request was sent. */
  heldAtSend: ReadonlySet<string>
  /** The cursor an older page followed (`state.next` at send). */
  cursor?: string
}

export interface AppliedFirstPage extends AppliedAlarms {
  /** Held alarms the page proved deleted. */
  dropped: Alarm[]
}

/**
 * Merges a fresh first page (and the unread count fetched with it) into the list; never replaces it. The page may
 * have been built at any earlier moment, so an alarm that reached the stream after the request went out is kept
 * even when the page lacks it. An alarm held before the request is dropped only when the page covers its place
 * (the whole list, or newer than the page's oldest alarm) and lacks it: the server deleted it.
 */
export function applyFirstPage(
  state: ListState,
  page: AlarmPage,
  unreadCount: number,
  request: PageRequest,
  maxItems: number,
): AppliedFirstPage {
  const complete = page.next === null || (page.next === undefined && page.items.length >= (page.total ?? 0))
  const oldest = page.items[page.items.length - 1]
  const fromPage = new Map(page.items.map((alarm) => [alarmKey(alarm.id), alarm]))
  const dropped: Alarm[] = []
  /** Arrived after the request went out and missing from the page: the page predates them. */
  const arrivedLater: Alarm[] = []
  const kept: Alarm[] = []
  for (const item of state.items) {
    const key = alarmKey(item.id)
    if (fromPage.has(key)) continue
    if (!request.heldAtSend.has(key)) {
      arrivedLater.push(item)
      kept.push(item)
    } else if (complete || (oldest !== undefined && compareAlarms(item, oldest) < 0)) dropped.push(item)
    else kept.push(item)
  }
  const held = new Set(state.items.map((item) => alarmKey(item.id)))
  const added = page.items.filter((alarm) => !held.has(alarmKey(alarm.id)))
  // The page comes sorted from the server, and what is kept stays in its order.
  const items = mergeSorted([...page.items].sort(compareAlarms), kept)
  // Only what the page covers is verified now; alarms held below it may be stale (read or deleted elsewhere), so
  // paging resumes right after the page and refetches them.
  const contiguous = complete || !oldest ? items.length : findAlarmIndex(items, oldest.id) + 1
  const laterNewer = oldest ? arrivedLater.filter((item) => compareAlarms(item, oldest) < 0) : arrivedLater
  return {
    state: settle(state, items, (page.total ?? contiguous) + laterNewer.length, unreadCount + countUnread(laterNewer), contiguous, maxItems, page.next),
    added,
    dropped,
  }
}

/**
 * An older page (`loadMore`): held copies take the server's state, new ones go in their place, and a held alarm
 * strictly inside the page's span that the page lacks is gone on the server (a page is a slice of the sorted list).
 */
export function applyOlderPage(state: ListState, page: AlarmPage, request: PageRequest, maxItems: number): AppliedAlarms {
  const fromPage = new Map(page.items.map((alarm) => [alarmKey(alarm.id), alarm]))
  const newest = page.items[0]
  const oldest = page.items[page.items.length - 1]
  const inSpan = (item: Alarm) => newest !== undefined && oldest !== undefined && compareAlarms(item, newest) > 0 && compareAlarms(item, oldest) < 0
  const kept = state.items.filter((item) => {
    const key = alarmKey(item.id)
    return fromPage.has(key) || !request.heldAtSend.has(key) || !inSpan(item)
  })
  const held = new Set(kept.map((item) => alarmKey(item.id)))
  const added = page.items.filter((alarm) => !held.has(alarmKey(alarm.id)))
  const items = mergeSorted(kept.map((item) => fromPage.get(alarmKey(item.id)) ?? item), [...added].sort(compareAlarms))
  const removedAbove = state.items.slice(0, state.contiguous).length - kept.filter((item) => state.items.indexOf(item) < state.contiguous).length
  const verified = state.contiguous - removedAbove
  // The page continues the verified part when it starts inside it: by offset, or by following the cursor that the
  // page ending the verified part gave (a newer refresh since has set its own).
  const continues = request.cursor === undefined ? page.page * page.size <= verified : request.cursor === state.next
  const contiguous = oldest && continues ? Math.max(verified, findAlarmIndex(items, oldest.id) + 1) : verified
  const next = continues && request.cursor !== undefined ? page.next : state.next
  // The unread count is the server's, older pages included: loading one changes nothing there.
  return { state: settle(state, items, page.total ?? state.total, state.serverUnread, contiguous, maxItems, next), added }
}

/**
 * Alarms fetched out of order (an `unread=true` page for the Unread filter): held copies take the server's state,
 * new ones go in their place. Nothing is proven deleted and the verified part stays as it is.
 */
export function applyExtraAlarms(state: ListState, alarms: readonly Alarm[], maxItems: number): AppliedAlarms {
  const fromPage = new Map(alarms.map((alarm) => [alarmKey(alarm.id), alarm]))
  const refreshed = state.items.map((item) => fromPage.get(alarmKey(item.id)) ?? item)
  const { items, added } = insertAlarms(refreshed, alarms, maxItems)
  return { state: settle(state, items, state.total, state.serverUnread, state.contiguous, maxItems), added }
}

function withItem(state: ListState, id: Alarm['id'], isRead: boolean): ListState {
  const index = findAlarmIndex(state.items, id)
  const current = state.items[index]
  if (!current || current.isRead === isRead) return state
  const items = state.items.slice()
  items[index] = { ...current, isRead }
  return settle(state, items, state.total, state.serverUnread + (isRead ? -1 : 1), state.contiguous)
}

/** A held unread alarm becomes read (the same state back when it is not held or already read). */
export const applyRead = (state: ListState, id: Alarm['id']): ListState => withItem(state, id, true)

/** A held read alarm becomes unread. */
export const applyUnread = (state: ListState, id: Alarm['id']): ListState => withItem(state, id, false)

/** Every alarm read; `unreadKeys` says which were unread, for a rollback. */
export function applyReadAll(state: ListState): { state: ListState; unreadKeys: string[]; unreadBefore: number } {
  const unreadKeys = state.items.filter((item) => !item.isRead).map((item) => alarmKey(item.id))
  const items = unreadKeys.length === 0 ? state.items : state.items.map((item) => (item.isRead ? item : { ...item, isRead: true }))
  return { state: settle(state, items, state.total, 0, state.contiguous), unreadKeys, unreadBefore: state.serverUnread }
}

/** Rolls a failed "read all" back: the alarms it changed are unread again, and the count is restored. */
export function revertReadAll(state: ListState, unreadKeys: readonly string[], unreadBefore: number): ListState {
  const wanted = new Set(unreadKeys)
  const items = state.items.map((item) => (item.isRead && wanted.has(alarmKey(item.id)) ? { ...item, isRead: false } : item))
  // Alarms that arrived meanwhile counted up from 0.
  return settle(state, items, state.total, state.serverUnread + unreadBefore, state.contiguous)
}

export type RemovedAlarm = { alarm: Alarm; index: number }

/** Removes a held alarm; `removed` is for a rollback (undefined when not held). Keeps the newest `maxItems` tombstones. */
export function applyRemove(state: ListState, id: Alarm['id'], maxItems = Number.POSITIVE_INFINITY): { state: ListState; removed?: RemovedAlarm } {
  const index = findAlarmIndex(state.items, id)
  const alarm = state.items[index]
  if (!alarm) return { state }
  return {
    state: settle(
      { ...state, removed: trimOldest(new Set(state.removed).add(alarmKey(alarm.id)), maxItems) },
      [...state.items.slice(0, index), ...state.items.slice(index + 1)],
      Math.max(0, state.total - 1),
      state.serverUnread - (alarm.isRead ? 0 : 1),
      index < state.contiguous ? state.contiguous - 1 : state.contiguous,
    ),
    removed: { alarm, index },
  }
}

/** Puts a removed alarm back (a failed removal), unless it came back meanwhile. */
export function revertRemove(state: ListState, removed: RemovedAlarm, maxItems: number): ListState {
  const key = alarmKey(removed.alarm.id)
  const remaining = new Set(state.removed)
  remaining.delete(key)
  if (findAlarmIndex(state.items, removed.alarm.id) !== -1) return { ...state, removed: remaining }
  const items = [...state.items, removed.alarm].sort(compareAlarms)
  const inPrefix = findAlarmIndex(items, removed.alarm.id) < state.contiguous
  return settle({ ...state, removed: remaining }, items, state.total + 1, state.serverUnread + (removed.alarm.isRead ? 0 : 1), state.contiguous + (inPrefix ? 1 : 0), maxItems)
}
