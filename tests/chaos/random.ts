/** murmur3's finalizer: neighbouring seeds (1000, 1001…) would otherwise start mulberry32 on correlated streams. */
function scramble(seed: number): number {
  let h = seed >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** mulberry32: a tiny seeded PRNG, so a soak run's schedule is reproduced exactly from its seed. */
export function createRandom(seed: number) {
  let state = scramble(seed)
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    /** Integer in [min, max]. */
    int(min: number, max: number): number {
      return min + Math.floor(next() * (max - min + 1))
    },
    chance(probability: number): boolean {
      return next() < probability
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    /** Picks by weight: `[[weight, value], …]`. */
    weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
      const total = entries.reduce((sum, [weight]) => sum + weight, 0)
      let roll = next() * total
      for (const [weight, value] of entries) {
        roll -= weight
        if (roll < 0) return value
      }
      return entries[entries.length - 1]![1]
    },
  }
}

export type Random = ReturnType<typeof createRandom>
