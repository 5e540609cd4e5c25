import { describe, expect, it } from 'vitest'
import { formatRelativeTime, parseTimestamp } from '../../src/composables/relative-time'

const now = new Date(2026, 10, 25, 12, 0, 0).getTime()
const ago = (ms: number) => new Date(now - ms)

describe('formatRelativeTime', () => {
  it('reads anything under 45 seconds, either side, as now', () => {
    expect(formatRelativeTime(ago(10_000), now, 'en')).toBe('now')
    expect(formatRelativeTime(ago(-20_000), now, 'en')).toBe('now')
  })

  it('picks the largest unit reached', () => {
    expect(formatRelativeTime(ago(3 * 60_000), now, 'en')).toBe('3 minutes ago')
    expect(formatRelativeTime(ago(2 * 3_600_000), now, 'en')).toBe('2 hours ago')
    expect(formatRelativeTime(ago(24 * 3_600_000), now, 'en')).toBe('yesterday')
    expect(formatRelativeTime(ago(14 * 86_400_000), now, 'en')).toBe('2 weeks ago')
    expect(formatRelativeTime(ago(400 * 86_400_000), now, 'en')).toBe('last year')
  })

  it('formats in the given locale', () => {
    expect(formatRelativeTime(ago(3 * 60_000), now, 'ko')).toBe('3분 전')
    expect(formatRelativeTime(ago(24 * 3_600_000), now, 'ko')).toBe('어제')
  })

  it('reads a zone-less Spring LocalDateTime as local time', () => {
    expect(parseTimestamp('2026-11-25T11:57:00.123')).toBe(new Date(2026, 10, 25, 11, 57, 0, 123).getTime())
    expect(formatRelativeTime('2026-11-25T11:57:00.123', now, 'en')).toBe('3 minutes ago')
  })

  it('gives an empty string for a date it cannot read', () => {
    expect(formatRelativeTime('not a date', now, 'en')).toBe('')
  })
})
