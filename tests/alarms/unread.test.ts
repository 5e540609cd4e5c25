import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { ignoresUnreadFilter, mergeUnread } from '../../src/alarms/unread'

const alarm = (id: number, isRead = false): Alarm => ({
  id,
  type: 'T',
  content: `#${id}`,
  url: '',
  isRead,
  createdAt: `2026-11-25T09:00:${String(id).padStart(2, '0')}`,
})
const ids = (alarms: Alarm[]) => alarms.map((item) => item.id)

describe('mergeUnread', () => {
  it('lists the held unread alarms in order when nothing was fetched beyond them', () => {
    const items = [alarm(5), alarm(4, true), alarm(3)]
    expect(ids(mergeUnread(items, []))).toEqual([5, 3])
  })

  it('adds fetched unread alarms newest first and keeps one copy of each id, the held one', () => {
    const items = [alarm(9), alarm(8, true), alarm(7, true)]
    const older = [alarm(9), alarm(8), alarm(4), alarm(2), alarm(1, true)]
    const merged = mergeUnread(items, older)
    expect(ids(merged)).toEqual([9, 4, 2])
    expect(merged[0]).toBe(items[0])
  })

  it('treats a string id and a number id of one alarm as the same alarm', () => {
    const merged = mergeUnread([{ ...alarm(3), id: '3' }], [alarm(3), alarm(1)])
    expect(ids(merged)).toEqual(['3', 1])
  })
})

describe('ignoresUnreadFilter', () => {
  it('is true only for a page that holds a read alarm', () => {
    expect(ignoresUnreadFilter([alarm(2), alarm(1)])).toBe(false)
    expect(ignoresUnreadFilter([])).toBe(false)
    expect(ignoresUnreadFilter([alarm(2), alarm(1, true)])).toBe(true)
  })
})
