import { describe, expect, it } from 'vitest'
import { clockMinutes, isWithinQuietHours, msUntilQuietChange } from '../../src/quiet/quiet-window'

const at = (hours: number, minutes = 0, seconds = 0) => new Date(2026, 11, 5, hours, minutes, seconds)

describe('the quiet hours window', () => {
  it('crosses midnight', () => {
    const night = { from: '22:00', to: '07:30' }
    expect(isWithinQuietHours(night, at(21, 59))).toBe(false)
    expect(isWithinQuietHours(night, at(22, 0))).toBe(true)
    expect(isWithinQuietHours(night, at(3, 0))).toBe(true)
    expect(isWithinQuietHours(night, at(7, 29))).toBe(true)
    expect(isWithinQuietHours(night, at(7, 30))).toBe(false)
  })

  it('works within one day, and never with equal ends', () => {
    expect(isWithinQuietHours({ from: '12:00', to: '13:00' }, at(12, 30))).toBe(true)
    expect(isWithinQuietHours({ from: '12:00', to: '13:00' }, at(13, 30))).toBe(false)
    expect(isWithinQuietHours({ from: '12:00', to: '12:00' }, at(12, 0))).toBe(false)
  })

  it('tells how long until the next edge', () => {
    const night = { from: '22:00', to: '07:30' }
    expect(msUntilQuietChange(night, at(21, 0))).toBe(60 * 60_000)
    expect(msUntilQuietChange(night, at(21, 59, 30))).toBe(30_000)
    expect(msUntilQuietChange(night, at(23, 0))).toBe((8 * 60 + 30) * 60_000)
  })

  it('refuses a time that is not HH:MM', () => {
    expect(clockMinutes('07:05')).toBe(425)
    expect(() => clockMinutes('7pm')).toThrow(TypeError)
    expect(() => clockMinutes('24:00')).toThrow(TypeError)
  })
})
