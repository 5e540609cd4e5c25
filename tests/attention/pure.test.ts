import { describe, expect, it } from 'vitest'
import { createBurstGate } from '../../src/attention/burst'
import { faviconBadgeText } from '../../src/attention/favicon'
import { baseTitle, titleForCount } from '../../src/attention/title'

describe('the title count', () => {
  it('puts the count before the title and takes it off at zero', () => {
    expect(titleForCount('Inbox', 3)).toBe('(3) Inbox')
    expect(titleForCount('(3) Inbox', 4)).toBe('(4) Inbox')
    expect(titleForCount('(4) Inbox', 0)).toBe('Inbox')
    expect(titleForCount('Inbox', 120)).toBe('(99+) Inbox')
    expect(baseTitle('(99+) Inbox')).toBe('Inbox')
  })

  it('uses a custom format', () => {
    expect(titleForCount('Inbox', 2, (count, title) => `${title} [${count}]`)).toBe('Inbox [2]')
  })
})

describe('the favicon dot', () => {
  it('is a plain dot unless the count is asked for, and caps the count at 9+', () => {
    expect(faviconBadgeText(5, false)).toBe('')
    expect(faviconBadgeText(5, true)).toBe('5')
    expect(faviconBadgeText(12, true)).toBe('9+')
  })
})

describe('the burst gate', () => {
  it('lets the first arrival of each burst through', () => {
    const startsBurst = createBurstGate(1000)
    expect(startsBurst(0)).toBe(true)
    expect(startsBurst(500)).toBe(false)
    // Each arrival extends the burst: 1400 is 900 after the previous one.
    expect(startsBurst(1400)).toBe(false)
    expect(startsBurst(2400)).toBe(true)
  })
})
