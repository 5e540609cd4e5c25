import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import {
  appendAlarms,
  insertAlarm,
  insertAlarms,
  markAlarmRead,
  markAlarmUnread,
  markAllAlarmsRead,
  markAlarmsUnread,
  reconcileFirstPage,
  removeAlarm,
  restoreAlarm,
} from '../../src/alarms/merge'

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

describe('appendAlarms', () => {
  test('appends the new alarms of an older page and refreshes those already held', () => {
    const items = [alarm(5), alarm(4)]
    const result = appendAlarms(items, [alarm(4, true), alarm(3), alarm(2)], 100)
    expect(ids(result)).toEqual([5, 4, 3, 2])
    expect(result[1]?.isRead).toBe(true)
  })
})

describe('reconcileFirstPage', () => {
  test('a complete page is the whole list (alarms deleted elsewhere disappear)', () => {
    const result = reconcileFirstPage([alarm(3), alarm(2), alarm(1)], [alarm(3), alarm(1)], true, 100)
    expect(ids(result.items)).toEqual([3, 1])
    expect(result.added).toEqual([])
  })

  test('keeps the older alarms held after the page and reports the added ones', () => {
    const items = [alarm(4), alarm(3), alarm(2), alarm(1)]
    const result = reconcileFirstPage(items, [alarm(6), alarm(5), alarm(4)], false, 100)
    expect(ids(result.items)).toEqual([6, 5, 4, 3, 2, 1])
    expect(ids(result.added)).toEqual([6, 5])
  })

  test('restarts from the page when more than a page was missed, and says so', () => {
    const result = reconcileFirstPage([alarm(2), alarm(1)], [alarm(9), alarm(8)], false, 100)
    expect(ids(result.items)).toEqual([9, 8])
    expect(result.restarted).toBe(true)
    expect(reconcileFirstPage([alarm(9), alarm(8)], [alarm(9), alarm(8)], false, 100).restarted).toBe(false)
    expect(reconcileFirstPage([], [alarm(9), alarm(8)], false, 100).restarted).toBe(false)
  })

  test('takes the server copy of alarms in the page', () => {
    const result = reconcileFirstPage([alarm(2), alarm(1)], [alarm(2, true), alarm(1)], false, 100)
    expect(result.items[0]?.isRead).toBe(true)
  })
})

describe('read and remove', () => {
  test('markAlarmRead changes only an unread alarm and returns the same list otherwise', () => {
    const items = [alarm(2), alarm(1, true)]
    const read = markAlarmRead(items, 2)
    expect(read.changed).toBe(true)
    expect(read.items[0]?.isRead).toBe(true)
    expect(items[0]?.isRead).toBe(false)
    expect(markAlarmRead(items, 1)).toEqual({ items, changed: false })
    expect(markAlarmRead(items, 99).items).toBe(items)
  })

  test('markAlarmUnread undoes a read', () => {
    const read = markAlarmRead([alarm(1)], 1).items
    expect(markAlarmUnread(read, 1).items[0]?.isRead).toBe(false)
  })

  test('markAllAlarmsRead reports what changed so it can be rolled back', () => {
    const items = [alarm(3), alarm(2, true), alarm(1)]
    const result = markAllAlarmsRead(items)
    expect(result.items.every((item) => item.isRead)).toBe(true)
    expect(result.changedKeys).toEqual(['3', '1'])
    const rolledBack = markAlarmsUnread(result.items, result.changedKeys)
    expect(rolledBack.map((item) => item.isRead)).toEqual([false, true, false])
  })

  test('removeAlarm and restoreAlarm put an alarm back where it was', () => {
    const items = [alarm(3), alarm(2), alarm(1)]
    const result = removeAlarm(items, 2)
    expect(ids(result.items)).toEqual([3, 1])
    expect(result.removed?.index).toBe(1)
    const restored = restoreAlarm(result.items, result.removed!.alarm, result.removed!.index, 100)
    expect(ids(restored)).toEqual([3, 2, 1])
    expect(restoreAlarm(restored, alarm(2), 0, 100)).toBe(restored)
  })
})
