import type { AlarmStreamRetryOptions } from './types'

export type ResolvedRetryOptions = Required<AlarmStreamRetryOptions>

export const DEFAULT_RETRY: Readonly<ResolvedRetryOptions> = { minMs: 250, initialMs: 1000, maxMs: 30_000, factor: 2 }

const finiteOr = (value: number | undefined, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback

/** Fills in defaults and repairs nonsense (negative, NaN, max below min) so the arithmetic below can trust its input. */
export function resolveRetryOptions(options: AlarmStreamRetryOptions = {}): ResolvedRetryOptions {
  const minMs = Math.max(0, finiteOr(options.minMs, DEFAULT_RETRY.minMs))
  const maxMs = Math.max(minMs, finiteOr(options.maxMs, DEFAULT_RETRY.maxMs))
  const initialMs = Math.max(0, finiteOr(options.initialMs, DEFAULT_RETRY.initialMs))
  const factor = Math.max(1, finiteOr(options.factor, DEFAULT_RETRY.factor))
  return { minMs, initialMs, maxMs, factor }
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
  const draw = (input.random ?? Math.random)()
  return Math.round(Math.min(maxMs, Math.max(minMs, draw * ceiling)))
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
export function clampDelay(options: ResolvedRetryOptions, delayMs: number): number {
  return Math.round(Math.min(options.maxMs, Math.max(options.minMs, delayMs)))
}
