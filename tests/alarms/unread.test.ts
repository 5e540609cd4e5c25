import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { ignoresUnreadFilter } from '../../src/alarms/unread'

const alarm = (id: number, isRead = false): Alarm => ({
  id,
  type: 'T',
  content: `#${id}`,
  url: '',
  isRead,
  createdAt: `2026-11-25T09:00:${String(id).padStart(2, '0')}`,
})
const ids = (alarms: Alarm[]) => alarms.map((item) => item.id)

describe('ignoresUnreadFilter', () => {
  it('is true only for a page that holds a read alarm', () => {
    expect(ignoresUnreadFilter([alarm(2), alarm(1)])).toBe(false)
    expect(ignoresUnreadFilter([])).toBe(false)
    expect(ignoresUnreadFilter([alarm(2), alarm(1, true)])).toBe(true)
  })
})
