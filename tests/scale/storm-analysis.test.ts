import { describe, expect, it } from 'vitest'
import { deliveredExactlyOnce, deliveryText, peakInWindow, summarizeStorm } from '../../bench/lib/storm-analysis'
import type { WorkerReport } from '../../bench/lib/storm-protocol'

describe('storm bench arithmetic', () => {
  it('finds the busiest 100 ms anywhere, not only in aligned buckets', () => {
    // Aligned buckets [0,100) and [100,200) would each hold 2; the window [60,160) holds all 4.
    expect(peakInWindow([60, 90, 110, 159])).toBe(4)
    expect(peakInWindow([0, 100, 200])).toBe(1)
    expect(peakInWindow([5, 1, 3, 2])).toBe(4)
    expect(peakInWindow([])).toBe(0)
  })

  it('measures reopen times from the return, counts clients that never dropped apart, and spreads costs per client', () => {
    const report: WorkerReport = {
      reopenedAt: [10_500, 11_000, null],
      stayedOpen: 1,
      answeredAttempts: [10_400, 10_450, 10_900],
      failedAttempts: 6,
      notReopened: { 'request waiting': 1 },
      delivery: { once: 3, missing: 1, duplicated: 0, onWire: 2, repeatedOnWire: 1, notifiedOnce: 3 },
    }
    const measure = summarizeStorm(report, { downAt: 8_000, returnAt: 10_000 }, 4, 8, 4)
    expect(measure).toMatchObject({ clients: 4, downMs: 2_000, dropped: 3, reopened: 2, peakPer100Ms: 2, failedPerClient: 1.5, restPerClient: 2 })
    expect(measure.reopenMs.max).toBe(1_000)
    expect(measure.notReopened).toEqual({ 'request waiting': 1 })
    expect(measure.reopenAfterDropMs.p50).toBe(2_500)
    expect(deliveredExactlyOnce(measure.delivery)).toBe(false)
    expect(deliveryText(measure.delivery)).toBe('3/4 held once, 1 missing, 2 came over the stream (1 more than once)')
  })
})
