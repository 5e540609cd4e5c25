/**
 * Counts a burst: arrivals closer than `windowMs` to the previous one belong to it. Returns the size of the burst
 * the arrival at `now` belongs to (1 for the first of a new burst).
 */
export function createBurstCounter(windowMs: number): (now: number) => number {
  let lastArrival = Number.NEGATIVE_INFINITY
  let size = 0
  return (now) => {
    size = now - lastArrival < windowMs ? size + 1 : 1
    lastArrival = now
    return size
  }
}

/** "At most one per burst": true only for the first arrival of each burst (every arrival extends it). */
export function createBurstGate(gapMs: number): (now: number) => boolean {
  const count = createBurstCounter(gapMs)
  return (now) => count(now) === 1
}
