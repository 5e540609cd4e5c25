// Pure arithmetic of the storm bench: from what the clients recorded to the numbers in the table.
import type { DeliveryTally, WorkerReport } from './storm-protocol'
import { percentile } from './stats'

/** Most events inside any window of `windowMs` (sliding, not aligned buckets). */
export function peakInWindow(times: readonly number[], windowMs = 100): number {
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++
    peak = Math.max(peak, end - start + 1)
  }
  return peak
}

export interface Spread {
  p50: number
  p95: number
  max: number
}

export interface StormMeasure {
  clients: number
  /** From the stop to the server listening again. */
  downMs: number
  /** Clients whose stream dropped; the others stayed open throughout. */
  dropped: number
  /** Dropped clients that were open again when the bench stopped waiting. */
  reopened: number
  /** When the dropped clients were open again, from the server's return (negative: before it). */
  reopenMs: Spread
  /** The same, from the drop. */
  reopenAfterDropMs: Spread
  /** Stream requests answered in the busiest 100 ms. */
  peakPer100Ms: number
  /** Stream requests answered per client since the drop. */
  answeredPerClient: number
  /** Stream requests that failed (refused while down) per client. */
  failedPerClient: number
  /** REST requests the server got after the drop, per client. */
  restPerClient: number
  /** Dropped clients not open again when the bench stopped waiting, by what they were doing. */
  notReopened: Record<string, number>
  delivery: DeliveryTally & { expected: number }
}

export interface StormTimes {
  /** Epoch ms when the server was gone (stopped). */
  downAt: number
  /** Epoch ms when it listened again. */
  returnAt: number
}

function spread(values: number[]): Spread {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : Number.NaN }
}

export function summarizeStorm(report: WorkerReport, times: StormTimes, clients: number, restRequests: number, expectedPairs: number): StormMeasure {
  const reopenedAt = report.reopenedAt.filter((at): at is number => at !== null)
  return {
    clients,
    downMs: times.returnAt - times.downAt,
    dropped: report.reopenedAt.length,
    reopened: reopenedAt.length,
    reopenMs: spread(reopenedAt.map((at) => at - times.returnAt)),
    reopenAfterDropMs: spread(reopenedAt.map((at) => at - times.downAt)),
    peakPer100Ms: peakInWindow(report.answeredAttempts),
    answeredPerClient: report.answeredAttempts.length / clients,
    failedPerClient: report.failedAttempts / clients,
    restPerClient: restRequests / clients,
    notReopened: report.notReopened,
    delivery: { ...report.delivery, expected: expectedPairs },
  }
}

/** "1000/1000 once" or the exceptions, for a table cell. */
export function deliveryText(delivery: StormMeasure['delivery']): string {
  const parts = [`${delivery.once}/${delivery.expected} held once`]
  if (delivery.missing > 0) parts.push(`${delivery.missing} missing`)
  if (delivery.duplicated > 0) parts.push(`${delivery.duplicated} held twice`)
  parts.push(`${delivery.onWire} came over the stream${delivery.repeatedOnWire > 0 ? ` (${delivery.repeatedOnWire} more than once)` : ''}`)
  return parts.join(', ')
}

export const deliveredExactlyOnce = (delivery: StormMeasure['delivery']): boolean => delivery.once === delivery.expected
