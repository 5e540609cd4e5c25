import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { takeNewAtHead } from '../../src/components/new-alarms'

const alarm = (id: Alarm['id']): Alarm => ({ id, type: 'COMMENT', content: `alarm ${id}`, url: '', isRead: false, createdAt: '2026-11-25T09:41:12.123' })

describe('takeNewAtHead', () => {
  it('returns the unseen alarms above the first seen one, once', () => {
    const seen = new Set<string>()
    expect(takeNewAtHead([alarm(3), alarm(2)], seen)).toEqual([alarm(3), alarm(2)])
    expect(takeNewAtHead([alarm(5), alarm(4), alarm(3), alarm(2)], seen).map((a) => a.id)).toEqual([5, 4])
    expect(takeNewAtHead([alarm(5), alarm(4), alarm(3), alarm(2)], seen)).toEqual([])
  })

  it('never counts an appended older page as new', () => {
    const seen = new Set<string>(['3', '2'])
    expect(takeNewAtHead([alarm(3), alarm(2), alarm(1), alarm(0)], seen)).toEqual([])
    expect(seen.has('0')).toBe(true)
  })

  it('does not count an alarm as new again when the REST copy carries its id as a string', () => {
    const seen = new Set<string>()
    takeNewAtHead([alarm(7), alarm(6)], seen)
    expect(takeNewAtHead([alarm('7'), alarm('6')], seen)).toEqual([])
  })
})
