import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { backoffDelay, clampDelay, createRetrySchedule, DEFAULT_RETRY, parseRetryAfter, resolveRetryOptions, type ResolvedRetryOptions } from '../../src/stream/backoff'

const defaults = resolveRetryOptions()

interface BackoffInput {
  attempt: number
  serverRetryMs?: number
  failingForMs?: number
  random: () => number
}

/** `backoffDelay` with its inputs named. */
const delayFor = (options: ResolvedRetryOptions, { attempt, serverRetryMs, failingForMs, random }: BackoffInput) =>
  backoffDelay(options, attempt, serverRetryMs, failingForMs ?? 0, random)

describe('backoff arithmetic', () => {
  it('documents its defaults', () => {
    expect(defaults).toEqual({ minMs: 250, initialMs: 1000, maxMs: 30_000, factor: 2, shortOutageMs: 30_000, shortOutageMaxMs: 4000 })
    expect(DEFAULT_RETRY).toEqual(defaults)
  })

  it('draws uniformly below an exponentially growing ceiling (full jitter)', () => {
    const top = () => 0.999999
    expect(delayFor(defaults, { attempt: 1, random: top })).toBe(1000)
    expect(delayFor(defaults, { attempt: 2, random: top })).toBe(2000)
    expect(delayFor(defaults, { attempt: 3, random: top })).toBe(4000)
    expect(delayFor(defaults, { attempt: 4, failingForMs: 60_000, random: top })).toBe(8000)
    expect(delayFor(defaults, { attempt: 3, random: () => 0.5 })).toBe(2000)
  })

  it('caps the ceiling at maxMs however many attempts failed', () => {
    expect(delayFor(defaults, { attempt: 50, failingForMs: 60_000, random: () => 0.999999 })).toBe(30_000)
    expect(delayFor(defaults, { attempt: 10_000, failingForMs: 60_000, random: () => 0.999999 })).toBe(30_000)
  })

  it('caps the ceiling at shortOutageMaxMs for the first shortOutageMs of an outage', () => {
    const top = () => 0.999999
    expect(delayFor(defaults, { attempt: 8, failingForMs: 0, random: top })).toBe(4000)
    expect(delayFor(defaults, { attempt: 8, failingForMs: 29_999, random: top })).toBe(4000)
    expect(delayFor(defaults, { attempt: 8, failingForMs: 30_000, random: top })).toBe(30_000)
  })

  it("lets a server retry value above the short-outage ceiling stand", () => {
    expect(delayFor(defaults, { attempt: 1, serverRetryMs: 10_000, random: () => 0.999999 })).toBe(10_000)
  })

  it('floors every draw at minMs', () => {
    expect(delayFor(defaults, { attempt: 1, random: () => 0 })).toBe(250)
  })

  it('uses a server retry value as the base, floored at minMs, so retry 0, -1 or huge never misbehave', () => {
    const top = () => 0.999999
    expect(delayFor(defaults, { attempt: 1, serverRetryMs: 3000, random: top })).toBe(3000)
    expect(delayFor(defaults, { attempt: 2, serverRetryMs: 3000, random: top })).toBe(4000)
    expect(delayFor(defaults, { attempt: 2, serverRetryMs: 3000, failingForMs: 60_000, random: top })).toBe(6000)
    expect(delayFor(defaults, { attempt: 1, serverRetryMs: 0, random: top })).toBe(250)
    expect(delayFor(defaults, { attempt: 1, serverRetryMs: -1, random: top })).toBe(250)
    expect(delayFor(defaults, { attempt: 1, serverRetryMs: 1e12, random: top })).toBe(30_000)
  })

  it('stays within [minMs, maxMs] for any options, attempt, server retry and draw', () => {
    fc.assert(
      fc.property(
        fc.record({
          minMs: fc.integer({ min: -10, max: 5000 }),
          maxMs: fc.integer({ min: -10, max: 60_000 }),
          initialMs: fc.integer({ min: -10, max: 10_000 }),
          factor: fc.double({ min: -1, max: 10, noNaN: true }),
          shortOutageMs: fc.integer({ min: -10, max: 100_000 }),
          shortOutageMaxMs: fc.integer({ min: -10, max: 100_000 }),
        }),
        fc.integer({ min: -5, max: 100 }),
        fc.option(fc.integer({ min: -1000, max: 1e9 }), { nil: undefined }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (raw, attempt, serverRetryMs, failingForMs, draw) => {
          const options = resolveRetryOptions(raw)
          const delay = delayFor(options, { attempt, serverRetryMs, failingForMs, random: () => draw })
          expect(delay).toBeGreaterThanOrEqual(options.minMs)
          expect(delay).toBeLessThanOrEqual(options.maxMs)
        },
      ),
    )
  })

  it('repairs nonsense options instead of producing NaN or negative delays', () => {
    expect(resolveRetryOptions({ minMs: -5, maxMs: Number.NaN, initialMs: -1, factor: 0, shortOutageMs: -1 })).toEqual({
      minMs: 0,
      maxMs: 30_000,
      initialMs: 0,
      factor: 1,
      shortOutageMs: 0,
      shortOutageMaxMs: 4000,
    })
    expect(resolveRetryOptions({ minMs: 500, maxMs: 100 })).toMatchObject({ minMs: 500, maxMs: 500, shortOutageMaxMs: 500 })
    expect(resolveRetryOptions({ minMs: 300, shortOutageMaxMs: 100 })).toMatchObject({ shortOutageMaxMs: 300 })
  })

  it('clamps a server-requested wait into [minMs, maxMs]', () => {
    expect(clampDelay(defaults, 0)).toBe(250)
    expect(clampDelay(defaults, 5000)).toBe(5000)
    expect(clampDelay(defaults, 3_600_000)).toBe(30_000)
  })
})

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0)
  })

  it('ignores absent and malformed values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('-1', now)).toBeUndefined()
    expect(parseRetryAfter('1.5', now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

/** A seeded uniform draw in [0, 1) (mulberry32), so the simulation below is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `clients` streams lose the server at t = 0 and retry with the default schedule; every attempt before
 * `outageMs` fails at once (connection refused). Returns when each one's first attempt after the return was made.
 */
function simulateOutage(outageMs: number, clients: number, seed: number): number[] {
  const random = seededRandom(seed)
  return Array.from({ length: clients }, () => {
    let now = 0
    const schedule = createRetrySchedule(defaults, () => now, random)
    do now += schedule.next().delayMs
    while (now < outageMs)
    return now - outageMs
  })
}

describe('backoff after a server outage', () => {
  it.each([1000, 3000, 5000, 10_000])('brings every client back within 4 s of the end of a %i ms outage', (outageMs) => {
    const backAfter = simulateOutage(outageMs, 2000, outageMs)
    expect(Math.max(...backAfter)).toBeLessThanOrEqual(4000)
  })

  it.each([1000, 10_000])('keeps the returning clients of a %i ms outage spread, not in one wave', (outageMs) => {
    const backAfter = simulateOutage(outageMs, 2000, 7 + outageMs)
    const perWindow = new Map<number, number>()
    for (const ms of backAfter) perWindow.set(Math.floor(ms / 100), (perWindow.get(Math.floor(ms / 100)) ?? 0) + 1)
    // Full jitter: no 100 ms window takes more than a tenth of the clients.
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(200)
    expect(perWindow.size).toBeGreaterThanOrEqual(10)
  })

  it('backs off towards maxMs in a long outage, so a dead server is not hammered', () => {
    let now = 0
    const schedule = createRetrySchedule(defaults, () => now, seededRandom(3))
    const lateDelays: number[] = []
    while (now < 600_000) {
      const { delayMs } = schedule.next()
      if (now > 60_000) lateDelays.push(delayMs)
      now += delayMs
    }
    const mean = lateDelays.reduce((sum, delay) => sum + delay, 0) / lateDelays.length
    expect(mean).toBeGreaterThan(10_000)
    expect(Math.max(...lateDelays)).toBeLessThanOrEqual(30_000)
  })

  it('starts a new run, with quick retries again, once a connection proved itself', () => {
    let now = 0
    const schedule = createRetrySchedule(defaults, () => now, () => 0.999999)
    for (let failure = 0; failure < 10; failure++) now += schedule.next().delayMs
    expect(schedule.next()).toEqual({ delayMs: 30_000, attempt: 11 })
    schedule.reset()
    expect(schedule.next()).toEqual({ delayMs: 1000, attempt: 1 })
  })

  it('honours Retry-After exactly, above the short-outage ceiling too', () => {
    const schedule = createRetrySchedule(defaults, () => 0)
    expect(schedule.next(12_000)).toEqual({ delayMs: 12_000, attempt: 1 })
  })
})
