/**
 * "At most one per burst": arrivals closer than `gapMs` to the previous one belong to its burst. Only the first
 * arrival of a burst is let through; every arrival (also a held-back one) extends the burst.
 */
export function createBurstGate(gapMs: number): (now: number) => boolean {
  let lastArrival = Number.NEGATIVE_INFINITY
  return (now) => {
    const startsBurst = now - lastArrival >= gapMs
    lastArrival = now
    return startsBurst
  }
}
