import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { alarmKey, compareAlarms } from '../../src/alarms/merge'
import * as list from '../../src/alarms/list'
import { ListModel, type Paging, type Step } from './list-model'

const at = (second: number) => new Date(Date.parse('2026-11-30T09:00:00Z') + second * 1000).toISOString()
const alarm = (id: number, isRead = false): Alarm => ({ id, type: 'T', content: `#${id}`, url: '', isRead, createdAt: at(id) })
const ids = (state: list.ListState) => state.items.map((item) => item.id)
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, index) => alarm(from - index))
const keys = (alarms: Alarm[]) => new Set(alarms.map((item) => alarmKey(item.id)))

function stateOf(items: Alarm[], total = items.length): list.ListState {
  const unread = items.filter((item) => !item.isRead).length
  return { items, total, unreadCount: unread, serverUnread: unread, removed: new Set(), contiguous: items.length }
}

describe('the first-page merge', () => {
  test('keeps alarms that reached the stream after the page was requested (12 and 11 over a page of 10..6)', () => {
    const heldAtSend = keys(range(10, 1))
    const page = { items: range(10, 6), page: 0, size: 5, total: 10 }
    const result = list.applyFirstPage(stateOf(range(12, 1)), page, 12, { heldAtSend }, 1000)
    expect(ids(result.state)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    expect(result.state.total).toBe(12)
    expect(result.dropped).toEqual([])
  })

  test('drops a held alarm the page proves deleted, and keeps those beyond the page', () => {
    const held = range(10, 1)
    const page = { items: [10, 9, 7, 6, 5].map((id) => alarm(id)), page: 0, size: 5, total: 9 }
    const result = list.applyFirstPage(stateOf(held), page, 9, { heldAtSend: keys(held) }, 1000)
    expect(ids(result.state)).toEqual([10, 9, 7, 6, 5, 4, 3, 2, 1])
    expect(result.dropped.map((item) => item.id)).toEqual([8])
    // Below the page nothing is verified (read or deleted elsewhere meanwhile): paging resumes there.
    expect(result.state.contiguous).toBe(5)
    expect(list.hasMoreAlarms(result.state)).toBe(true)
  })

  test('a complete page drops every held alarm it lacks that was held when it was requested', () => {
    const held = range(4, 1)
    const page = { items: [alarm(3)], page: 0, size: 20, total: 1 }
    const result = list.applyFirstPage(stateOf(held), page, 1, { heldAtSend: keys(held) }, 1000)
    expect(ids(result.state)).toEqual([3])
    expect(result.state.unreadCount).toBe(1)
  })

  test('takes the server copy of held alarms and reports only the alarms it adds', () => {
    const held = [alarm(2), alarm(1)]
    const page = { items: [alarm(3), alarm(2, true), alarm(1)], page: 0, size: 20, total: 3 }
    const result = list.applyFirstPage(stateOf(held), page, 2, { heldAtSend: keys(held) }, 1000)
    expect(result.state.items.map((item) => [item.id, item.isRead])).toEqual([[3, false], [2, true], [1, false]])
    expect(result.added.map((item) => item.id)).toEqual([3])
    expect(result.state.unreadCount).toBe(2)
  })

  test('after more than a page was missed, paging resumes at the gap and fills it', () => {
    const held = range(10, 1)
    const model = new ListModel(5)
    for (let i = 0; i < 10; i++) model.step({ kind: 'publish', read: false })
    model.step({ kind: 'deliver', count: 10 })
    model.settle()
    expect(ids(model.state)).toEqual(ids(stateOf(held)))
    // 12 more arrive while the stream is down: the first page (16..12) leaves a gap (11..11) above what is held.
    for (let i = 0; i < 6; i++) model.step({ kind: 'publish', read: false })
    model.pipe = []
    model.step({ kind: 'send' })
    model.step({ kind: 'build', pick: 0 })
    model.step({ kind: 'apply', pick: 0 })
    expect(ids(model.state)).toEqual([16, 15, 14, 13, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    expect(model.state.contiguous).toBe(5)
    expect(list.hasMoreAlarms(model.state)).toBe(true)
    model.step({ kind: 'loadMore' })
    expect(ids(model.state)).toEqual(range(16, 1).map((item) => item.id))
  })
})

describe('cursor pages', () => {
  const cursorPage = (items: Alarm[], next: string | null, total: number) => ({ items, page: 0, size: items.length, total, next })

  test('loadMore follows the next of the page that ended the verified part, and the last page ends paging', () => {
    const held = range(10, 6)
    const first = list.applyFirstPage(list.emptyList, cursorPage(range(10, 6), 'after-6', 10), 10, { heldAtSend: new Set() }, 1000).state
    expect(first.next).toBe('after-6')
    expect(list.hasMoreAlarms(first)).toBe(true)
    const older = list.applyOlderPage(first, cursorPage(range(5, 1), null, 10), { heldAtSend: keys(held), cursor: 'after-6' }, 1000).state
    expect(ids(older)).toEqual(range(10, 1).map((item) => item.id))
    expect(older.contiguous).toBe(10)
    expect(older.next).toBeNull()
    expect(list.hasMoreAlarms(older)).toBe(false)
  })

  test('a page that followed a cursor a newer refresh replaced extends nothing, yet loses and repeats nothing', () => {
    const first = list.applyFirstPage(list.emptyList, cursorPage(range(10, 6), 'after-6', 10), 10, { heldAtSend: new Set() }, 1000).state
    const refreshed = list.applyFirstPage(first, cursorPage(range(12, 8), 'after-8', 12), 12, { heldAtSend: keys(range(10, 6)) }, 1000).state
    const late = list.applyOlderPage(refreshed, cursorPage(range(5, 1), null, 10), { heldAtSend: keys(range(10, 6)), cursor: 'after-6' }, 1000).state
    expect(ids(late)).toEqual(range(12, 1).map((item) => item.id))
    expect(late.contiguous).toBe(5)
    expect(late.next).toBe('after-8')
  })

  test('once the cap cuts the verified part, the cursor is dropped and paging falls back to offsets', () => {
    const first = list.applyFirstPage(list.emptyList, cursorPage(range(10, 6), 'after-6', 10), 10, { heldAtSend: new Set() }, 3).state
    expect(first.items).toHaveLength(3)
    expect(first.next).toBeUndefined()
    expect(list.hasMoreAlarms(first)).toBe(true)
  })
})

describe('list steps', () => {
  test('a read, an unread and a removal move the count with them; a rollback restores the removed alarm', () => {
    let state = stateOf(range(3, 1))
    state = list.applyRead(state, 2)
    expect(state.unreadCount).toBe(2)
    expect(list.applyRead(state, 2)).toBe(state)
    state = list.applyUnread(state, '2')
    expect(state.unreadCount).toBe(3)
    const { state: without, removed } = list.applyRemove(state, 2)
    expect(ids(without)).toEqual([3, 1])
    expect(without.total).toBe(2)
    expect(ids(list.revertRemove(without, removed!, 100))).toEqual([3, 2, 1])
  })

  test('a failed "read all" restores exactly the alarms it changed, and counts alarms that came meanwhile', () => {
    const before = stateOf([alarm(3), alarm(2, true), alarm(1)])
    const { state, unreadKeys, unreadBefore } = list.applyReadAll(before)
    expect(state.unreadCount).toBe(0)
    const withNew = list.applyStreamAlarms(state, [alarm(4)], 100).state
    const reverted = list.revertReadAll(withNew, unreadKeys, unreadBefore)
    expect(reverted.items.map((item) => item.isRead)).toEqual([false, false, true, false])
    expect(reverted.unreadCount).toBe(3)
  })
})

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('publish' as const), read: fc.constantFrom(false, false, false, true) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('build' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('apply' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('markRead' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('markUnread' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('readAll' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('loadMore' as const) }) },
)

function checkInvariants(model: ListModel): void {
  const { state } = model
  const itemKeys = state.items.map((item) => alarmKey(item.id))
  expect(new Set(itemKeys).size).toBe(itemKeys.length)
  for (let i = 1; i < state.items.length; i++) expect(compareAlarms(state.items[i - 1]!, state.items[i]!)).toBeLessThan(0)
  // Nothing the stream delivered is lost while the server still has it.
  for (const key of model.delivered) expect(itemKeys).toContain(key)
  expect(state.contiguous).toBeLessThanOrEqual(state.items.length)
  expect(state.total).toBeGreaterThanOrEqual(state.contiguous)
  expect(state.unreadCount).toBeGreaterThanOrEqual(state.items.filter((item) => !item.isRead).length)
}

function checkConverged(model: ListModel): void {
  expect(ids(model.state)).toEqual(model.server.map((item) => item.id))
  expect(model.state.items.map((item) => item.isRead)).toEqual(model.server.map((item) => item.isRead))
  expect(model.state.unreadCount).toBe(model.serverUnread())
  expect(model.state.total).toBe(model.server.length)
  expect(list.hasMoreAlarms(model.state)).toBe(false)
}

// Runs are many and cheap: `MERGE_RUNS` raises them (the soak CLI does).
const runs = Number(process.env.MERGE_RUNS ?? 1000)
const timeoutMs = 20_000 + runs * 10

describe.each<Paging>(['offset', 'cursor'])('the merge under any interleaving, paging by %s (fast-check)', (paging) => {
  test('keeps its invariants at every step and converges to the server list once quiet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(stepArbitrary, { maxLength: 80 }), (pageSize, steps) => {
        const model = new ListModel(pageSize, 100_000, paging)
        for (const step of steps) {
          model.step(step)
          checkInvariants(model)
        }
        model.settle()
        checkInvariants(model)
        checkConverged(model)
      }),
      { numRuns: runs },
    )
  }, timeoutMs)

  // A page is a slice by offset: an alarm deleted elsewhere between two pages is proven gone only by a page that
  // spans it, so convergence there needs a refresh that covers the whole list.
  test('also converges when alarms are deleted elsewhere, once a refresh covers the whole list', () => {
    const withDeletes = fc.oneof(stepArbitrary, fc.record({ kind: fc.constant('deleteElsewhere' as const), pick: fc.nat() }))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(withDeletes, { maxLength: 80 }), (pageSize, steps) => {
        const model = new ListModel(pageSize, 100_000, paging)
        for (const step of steps) {
          model.step(step)
          checkInvariants(model)
        }
        model.settle(1000)
        checkConverged(model)
      }),
      { numRuns: runs },
    )
  }, timeoutMs)
})
