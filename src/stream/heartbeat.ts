/** The automatic watchdog waits this many heartbeat intervals: one late beat is normal, three missed ones are not. */
export const HEARTBEAT_TIMEOUT_FACTOR = 3
/** Below this, timer jitter and a busy event loop would cut healthy connections. */
export const MIN_HEARTBEAT_TIMEOUT_MS = 3000
/** Above this, a "heartbeat" is too sparse to tell a dead connection from a quiet one: nothing arms. */
export const MAX_HEARTBEAT_TIMEOUT_MS = 300_000
/** Heartbeats closer than this are one burst (a server's greeting comments, a proxy flushing), not an interval. */
export const MIN_HEARTBEAT_GAP_MS = 500

/** The idle timeout for heartbeats whose longest observed gap is `gapMs`; undefined when they are too sparse. */
export function heartbeatTimeout(gapMs: number): number | undefined {
  const timeoutMs = HEARTBEAT_TIMEOUT_FACTOR * gapMs
  if (timeoutMs > MAX_HEARTBEAT_TIMEOUT_MS) return undefined
  return Math.max(MIN_HEARTBEAT_TIMEOUT_MS, Math.round(timeoutMs))
}

export interface IdleTimeout {
  /** The watchdog's time now; undefined when it must not run. */
  readonly currentMs: number | undefined
  /** A new connection begins: its own heartbeats are counted from here. */
  startConnection(): void
  /** A chunk that carried only heartbeat traffic arrived at `atMs`. */
  heartbeat(atMs: number): void
  /** The watchdog fired on this connection. */
  timedOut(): void
}

/**
 * The idle watchdog's time, from the `idleTimeoutMs` option: a number is fixed, 0 is off, undefined learns it.
 *
 * Learning uses the longest gap between heartbeats, not the median: schedulers and pauses make beats late, never
 * early, and a timeout that only grows never cuts a connection for a gap it has already survived. A false
 * timeout costs a reconnect; a late one costs seconds. The time learned on one connection also watches the next,
 * so a connection that goes silent before its second heartbeat is still noticed; each time an inherited time fires
 * before the new connection beat twice it doubles, so a server that stopped sending heartbeats costs a few
 * reconnects at growing intervals (then the watchdog turns off), while dead sockets in a row are all still noticed.
 */
export function createIdleTimeout(idleTimeoutMs: number | undefined): IdleTimeout {
  const fixedMs = Number.isFinite(idleTimeoutMs) ? Math.max(0, idleTimeoutMs!) : undefined
  let learnedMs: number | undefined
  let lastBeatAt: number | undefined
  /** 0 until this connection brought two heartbeats (gaps shorter than `MIN_HEARTBEAT_GAP_MS` are not counted). */
  let longestGapMs = 0

  return {
    get currentMs() {
      // A fixed 0 is off; a learned time is never 0.
      return (fixedMs ?? learnedMs) || undefined
    },
    startConnection() {
      lastBeatAt = undefined
      longestGapMs = 0
    },
    heartbeat(atMs) {
      if (lastBeatAt !== undefined) {
        const gapMs = atMs - lastBeatAt
        if (gapMs < MIN_HEARTBEAT_GAP_MS) return
        longestGapMs = Math.max(longestGapMs, gapMs)
        learnedMs = heartbeatTimeout(longestGapMs)
      }
      lastBeatAt = atMs
    },
    timedOut() {
      // An inherited time fired before this connection beat twice: a dead socket again, or a server that stopped its
      // heartbeats. Doubling (up to the ceiling, then off) keeps noticing the first and stops hammering the second.
      if (longestGapMs > 0 || learnedMs === undefined) return
      const doubledMs = learnedMs * 2
      learnedMs = doubledMs > MAX_HEARTBEAT_TIMEOUT_MS ? undefined : doubledMs
    },
  }
}
