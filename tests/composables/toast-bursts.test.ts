import { describe, expect, it } from 'vitest'
import { createBurstCounter } from '../../src/attention/burst'
import { placeInBurst } from '../../src/composables/toast-bursts'

describe('toast bursts', () => {
  it('counts arrivals closer than the window as one burst', () => {
    const count = createBurstCounter(1000)
    expect([0, 100, 900, 1800].map(count)).toEqual([1, 2, 3, 4])
    expect(count(2800)).toBe(1)
  })

  it('shows up to max toasts, groups at the next one and counts the rest in the summary', () => {
    expect([1, 2, 3, 4, 5].map((size) => placeInBurst(size, 3))).toEqual(['toast', 'toast', 'toast', 'group', 'summary'])
  })
})
