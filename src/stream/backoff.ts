import type { AlarmStreamRetryOptions } from './types'

export type ResolvedRetryOptions = Required<AlarmStreamRetryOptions>

/** The backoff used for every `retry` option left out (see `AlarmStreamRetryOptions`). */
export const DEFAULT_RETRY: Readonly<ResolvedRetryOptions> = {
  minMs: 250,
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  shortOutageMs: 30_000,
  shortOutageMaxMs: 4000,
}

/** Fills in defaults and repairs nonsense (negative, NaN, max below min) so the arithmetic below can trust its input. */
export function resolveRetryOptions(options: AlarmStreamRetryOptions = {}): ResolvedRetryOptions {
  const resolved = { ...DEFAULT_RETRY }
  for (const name of Object.keys(resolved) as Array<keyof ResolvedRetryOptions>) {
    const value = options[name]
    if (Number.isFinite(value)) resolved[name] = Math.max(0, value!)
  }
  const { minMs, maxMs, factor, shortOutageMaxMs } = resolved
  resolved.maxMs = Math.max(minMs, maxMs)
  resolved.factor = Math.max(1, factor)
  resolved.shortOutageMaxMs = Math.min(resolved.maxMs, Math.max(minMs, shortOutageMaxMs))
  return resolved
}

/**
 * Exponential backoff with full jitter: a uniform draw in [0, base · factor^(attempt-1)], the ceiling capped at
 * `maxMs` (at `shortOutageMaxMs` early in an outage, unless the server's `retry:` asks for more), the result
 * floored at `minMs`, so a server `retry: 0`/`-1` or an unlucky draw never hot-loops.
 * The short-outage ceiling is what brings every client back within seconds of a server restart: each one's
 * next attempt after the server returns is at most that far away, and the draws keep them spread.
 * @param attempt 1 for the first retry after a good connection, then 2, 3, …
 * @param serverRetryMs The last `retry:` value the server sent, if any (it replaces `initialMs`, floored at `minMs`).
 * @param failingForMs Time since the first failure of this run; under `shortOutageMs` the short-outage ceiling applies.
 * @param random Source of randomness in [0, 1); injectable for tests.
 */
export function backoffDelay(
  options: ResolvedRetryOptions,
  attempt: number,
  serverRetryMs: number | undefined,
  failingForMs: number,
  random: () => number,
): number {
  const { minMs, maxMs, factor, shortOutageMs, shortOutageMaxMs } = options
  const base = serverRetryMs === undefined ? options.initialMs : Math.max(minMs, serverRetryMs)
  const exponent = Math.max(0, attempt - 1)
  const outageCeiling = failingForMs < shortOutageMs ? Math.max(shortOutageMaxMs, base) : maxMs
  const ceiling = Math.min(maxMs, outageCeiling, base * factor ** exponent)
  return clampDelay(options, random() * ceiling)
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const trimmed = value?.trim() ?? ''
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // A date has letters (the day and month names); Date.parse would read a bare '-1' or '1.5' as one.
  const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** A server-requested wait, honoured exactly but kept within [minMs, maxMs]. */
export function clampDelay({ minMs, maxMs }: Pick<ResolvedRetryOptions, 'minMs' | 'maxMs'>, delayMs: number): number {
  return Math.round(Math.min(maxMs, Math.max(minMs, delayMs)))
}

export interface RetrySchedule {
  /** Records a failure and returns its wait: `requestedDelayMs` (Retry-After) clamped, else the backoff draw. */
  next(requestedDelayMs?: number): { delayMs: number; attempt: number }
  /** A connection proved itself: the next failure starts a new run at attempt 1. */
  reset(): void
  /** The server's last `retry:` value, if any. */
  serverRetryMs?: number
}

/** The backoff state of one stream: attempts and the start of the current run of failures, on `now`'s clock. */
export function createRetrySchedule(
  options: ResolvedRetryOptions,
  now: () => number = () => performance.now(),
  random: () => number = Math.random,
): RetrySchedule {
  let failures = 0
  let failingSince = 0
  return {
    next(requestedDelayMs) {
      if (failures++ === 0) failingSince = now()
      const delayMs =
        requestedDelayMs === undefined
          ? backoffDelay(options, failures, this.serverRetryMs, now() - failingSince, random)
          : clampDelay(options, requestedDelayMs)
      return { delayMs, attempt: failures }
    },
    reset() {
      failures = 0
    },
  }
}
