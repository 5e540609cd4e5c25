import type { AlarmStreamRetryOptions } from './types'

export type ResolvedRetryOptions = Required<AlarmStreamRetryOptions>

export const DEFAULT_RETRY: Readonly<ResolvedRetryOptions> = { minMs: 250, initialMs: 1000, maxMs: 30_000, factor: 2 }

/** Fills in defaults and repairs nonsense (negative, NaN, max below min) so the arithmetic below can trust its input. */
export function resolveRetryOptions(options: AlarmStreamRetryOptions = {}): ResolvedRetryOptions {
  /** The option if it is a finite number, else the default; never below `floor`. */
  const pick = (name: keyof ResolvedRetryOptions, floor: number) => {
    const value = options[name]
    return Math.max(floor, Number.isFinite(value) ? (value as number) : DEFAULT_RETRY[name])
  }
  const minMs = pick('minMs', 0)
  return { minMs, initialMs: pick('initialMs', 0), maxMs: pick('maxMs', minMs), factor: pick('factor', 1) }
}

export interface BackoffInput {
  /** 1 for the first retry after a good connection, then 2, 3, … */
  attempt: number
  /** The last `retry:` value the server sent, if any (it replaces `initialMs`, floored at `minMs`). */
  serverRetryMs?: number
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number
}

/**
 * Exponential backoff with full jitter: a uniform draw in [0, base · factor^(attempt-1)], the ceiling capped
 * at `maxMs`, and the result floored at `minMs`, so a server `retry: 0`/`-1` or an unlucky draw never hot-loops.
 */
export function backoffDelay(options: ResolvedRetryOptions, input: BackoffInput): number {
  const { minMs, maxMs, factor } = options
  const base = input.serverRetryMs === undefined ? options.initialMs : Math.max(minMs, input.serverRetryMs)
  const exponent = Math.max(0, Math.floor(input.attempt) - 1)
  const ceiling = Math.min(maxMs, base * factor ** exponent)
  return clampDelay(options, (input.random ?? Math.random)() * ceiling)
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  if (!/[a-z]/i.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** A server-requested wait, honoured exactly but kept within [minMs, maxMs]. */
export function clampDelay({ minMs, maxMs }: ResolvedRetryOptions, delayMs: number): number {
  return Math.round(Math.min(maxMs, Math.max(minMs, delayMs)))
}
