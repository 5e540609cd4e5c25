import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { insertAlarm, insertAlarms } from '../../src/alarms/merge'

function alarm(id: Alarm['id'], isRead = false): Alarm {
  return { id, type: 'T', content: `alarm ${id}`, url: '', isRead, createdAt: '' }
}

const ids = (items: readonly Alarm[]) => items.map((item) => item.id)

describe('insertAlarm', () => {
  test('puts a new alarm first', () => {
    expect(ids(insertAlarm([alarm(2), alarm(1)], alarm(3), 100) ?? [])).toEqual([3, 2, 1])
  })

  test('returns null for a replayed id, also when one side sent it as a string', () => {
    expect(insertAlarm([alarm(2), alarm(1)], alarm(1), 100)).toBeNull()
    expect(insertAlarm([alarm(2), alarm(1)], alarm('1'), 100)).toBeNull()
  })

  test('puts an alarm older than the held ones in its place, by createdAt and then by id', () => {
    const at = (id: number, createdAt: string): Alarm => ({ ...alarm(id), createdAt })
    const held = [at(9, '2026-11-25T10:00:09'), at(8, '2026-11-25T10:00:08')]
    expect(ids(insertAlarm(held, at(5, '2026-11-25T10:00:05'), 100) ?? [])).toEqual([9, 8, 5])
    expect(ids(insertAlarm(held, at(10, '2026-11-25T10:00:08'), 100) ?? [])).toEqual([9, 10, 8])
    expect(ids(insertAlarm([alarm(9), alarm(3)], alarm(5), 100) ?? [])).toEqual([9, 5, 3])
  })

  test('drops the oldest past maxItems', () => {
    expect(ids(insertAlarm([alarm(2), alarm(1)], alarm(3), 2) ?? [])).toEqual([3, 2])
  })

  test('keeps the list unique under any sequence of pushes and replays', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }), (pushed) => {
        let items: Alarm[] = []
        for (const id of pushed) items = insertAlarm(items, alarm(id), 1000) ?? items
        expect(new Set(ids(items)).size).toBe(items.length)
        expect(items.length).toBe(new Set(pushed).size)
      }),
    )
  })
})

describe('insertAlarms', () => {
  const at = (id: number, second: number): Alarm => ({ ...alarm(id), createdAt: `2026-11-25T10:00:${String(second).padStart(2, '0')}` })

  test('merges a batch into its places and reports the added alarms in arrival order', () => {
    const held = [at(9, 9), at(4, 4)]
    const result = insertAlarms(held, [at(5, 5), at(12, 12), at(1, 1)], 100)
    expect(ids(result.items)).toEqual([12, 9, 5, 4, 1])
    expect(ids(result.added)).toEqual([5, 12, 1])
  })

  test('skips alarms already held and repeats within the batch (ids compared as strings)', () => {
    const held = [alarm(2), alarm(1)]
    const result = insertAlarms(held, [alarm(3), alarm('1'), alarm('3'), alarm(4)], 100)
    expect(ids(result.items)).toEqual([4, 3, 2, 1])
    expect(ids(result.added)).toEqual([3, 4])
  })

  test('returns the held list itself when nothing is new', () => {
    const held = [alarm(2), alarm(1)]
    const result = insertAlarms(held, [alarm(1), alarm('2')], 100)
    expect(result.items).toBe(held)
    expect(result.added).toEqual([])
  })

  test('gives the same list as inserting one by one, for any batch, timestamps and cap', () => {
    const pushed = fc.array(fc.record({ id: fc.integer({ min: 0, max: 40 }), second: fc.integer({ min: 0, max: 5 }) }), { maxLength: 120 })
    fc.assert(
      fc.property(pushed, pushed, fc.integer({ min: 1, max: 60 }), (first, batch, maxItems) => {
        let held: Alarm[] = []
        for (const entry of first) held = insertAlarm(held, at(entry.id, entry.second), maxItems) ?? held
        // Uncapped one by one, then capped: a capped one-by-one run could evict an alarm and take its replay back.
        let oneByOne = held
        for (const entry of batch) oneByOne = insertAlarm(oneByOne, at(entry.id, entry.second), Infinity) ?? oneByOne
        const result = insertAlarms(held, batch.map((entry) => at(entry.id, entry.second)), maxItems)
        expect(ids(result.items)).toEqual(ids(oneByOne.slice(0, maxItems)))
        // Without a cap in the way, `added` is exactly what one-by-one insertion accepted.
        const accepted: Alarm['id'][] = []
        let unbounded = held
        for (const entry of batch) {
          const next = insertAlarm(unbounded, at(entry.id, entry.second), Infinity)
          if (next) accepted.push(entry.id)
          unbounded = next ?? unbounded
        }
        expect(ids(insertAlarms(held, batch.map((entry) => at(entry.id, entry.second)), Infinity).added)).toEqual(accepted)
      }),
    )
  })
})
