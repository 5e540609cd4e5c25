import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { backoffDelay, clampDelay, DEFAULT_RETRY, parseRetryAfter, resolveRetryOptions } from '../../src/stream/backoff'

const defaults = resolveRetryOptions()

describe('backoff arithmetic', () => {
  it('documents its defaults', () => {
    expect(defaults).toEqual({ minMs: 250, initialMs: 1000, maxMs: 30_000, factor: 2 })
    expect(DEFAULT_RETRY).toEqual(defaults)
  })

  it('draws uniformly below an exponentially growing ceiling (full jitter)', () => {
    const top = () => 0.999999
    expect(backoffDelay(defaults, { attempt: 1, random: top })).toBe(1000)
    expect(backoffDelay(defaults, { attempt: 2, random: top })).toBe(2000)
    expect(backoffDelay(defaults, { attempt: 4, random: top })).toBe(8000)
    expect(backoffDelay(defaults, { attempt: 3, random: () => 0.5 })).toBe(2000)
  })

  it('caps the ceiling at maxMs however many attempts failed', () => {
    expect(backoffDelay(defaults, { attempt: 50, random: () => 0.999999 })).toBe(30_000)
    expect(backoffDelay(defaults, { attempt: 10_000, random: () => 0.999999 })).toBe(30_000)
  })

  it('floors every draw at minMs', () => {
    expect(backoffDelay(defaults, { attempt: 1, random: () => 0 })).toBe(250)
  })

  it('uses a server retry value as the base, floored at minMs, so retry 0, -1 or huge never misbehave', () => {
    const top = () => 0.999999
    expect(backoffDelay(defaults, { attempt: 1, serverRetryMs: 3000, random: top })).toBe(3000)
    expect(backoffDelay(defaults, { attempt: 2, serverRetryMs: 3000, random: top })).toBe(6000)
    expect(backoffDelay(defaults, { attempt: 1, serverRetryMs: 0, random: top })).toBe(250)
    expect(backoffDelay(defaults, { attempt: 1, serverRetryMs: -1, random: top })).toBe(250)
    expect(backoffDelay(defaults, { attempt: 1, serverRetryMs: 1e12, random: top })).toBe(30_000)
  })

  it('stays within [minMs, maxMs] for any options, attempt, server retry and draw', () => {
    fc.assert(
      fc.property(
        fc.record({ minMs: fc.integer({ min: -10, max: 5000 }), maxMs: fc.integer({ min: -10, max: 60_000 }), initialMs: fc.integer({ min: -10, max: 10_000 }), factor: fc.double({ min: -1, max: 10, noNaN: true }) }),
        fc.integer({ min: -5, max: 100 }),
        fc.option(fc.integer({ min: -1000, max: 1e9 }), { nil: undefined }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (raw, attempt, serverRetryMs, draw) => {
          const options = resolveRetryOptions(raw)
          const delay = backoffDelay(options, { attempt, serverRetryMs, random: () => draw })
          expect(delay).toBeGreaterThanOrEqual(options.minMs)
          expect(delay).toBeLessThanOrEqual(options.maxMs)
        },
      ),
    )
  })

  it('repairs nonsense options instead of producing NaN or negative delays', () => {
    expect(resolveRetryOptions({ minMs: -5, maxMs: Number.NaN, initialMs: -1, factor: 0 })).toEqual({ minMs: 0, maxMs: 30_000, initialMs: 0, factor: 1 })
    expect(resolveRetryOptions({ minMs: 500, maxMs: 100 })).toMatchObject({ minMs: 500, maxMs: 500 })
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
