import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { groupByDay } from '../../src/composables/day-groups'

/** 25 November 2026, 10:00 local time. */
const now = new Date(2026, 10, 25, 10, 0).getTime()

/** A zone-less local timestamp, as Spring sends. */
function at(year: number, month: number, day: number, hour = 9): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:00:00`
}

const alarm = (id: number, createdAt: string): Alarm => ({ id, type: 'T', content: `#${id}`, url: '', isRead: false, createdAt })

const inbox = [
  alarm(6, at(2026, 11, 25, 9)),
  alarm(5, at(2026, 11, 25, 0)),
  alarm(4, at(2026, 11, 24, 23)),
  alarm(3, at(2026, 11, 20)),
  alarm(2, at(2025, 12, 31)),
]

describe('groupByDay', () => {
  it('groups by local calendar day: Today, Yesterday, then dates, with the year only for other years', () => {
    const groups = groupByDay(inbox, now, 'en-US')
    expect(groups.map((group) => [group.key, group.label, group.items.map((item) => item.id)])).toEqual([
      ['2026-11-25', 'Today', [6, 5]],
      ['2026-11-24', 'Yesterday', [4]],
      ['2026-11-20', 'November 20', [3]],
      ['2025-12-31', 'December 31, 2025', [2]],
    ])
  })

  it('speaks Korean through Intl', () => {
    expect(groupByDay(inbox, now, 'ko-KR').map((group) => group.label)).toEqual(['오늘', '어제', '11월 20일', '2025년 12월 31일'])
  })

  it('counts an unreadable or future date as today, and joins an out-of-order alarm to its day', () => {
    const groups = groupByDay([alarm(9, 'not a date'), alarm(8, at(2026, 11, 26)), alarm(7, at(2026, 11, 24)), alarm(1, at(2026, 11, 25, 8))], now, 'en-US')
    expect(groups.map((group) => [group.label, group.items.map((item) => item.id)])).toEqual([
      ['Today', [9, 8, 1]],
      ['Yesterday', [7]],
    ])
  })
})
