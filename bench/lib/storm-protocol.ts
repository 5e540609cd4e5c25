// Messages between bench/storm.ts and its client worker processes (bench/lib/storm-worker.ts).

/**
 * - `ours`: the library as an app runs it: pinia + `createAlarms` + `useAlarmsStore`, every setting left to the
 *   library's defaults (backoff, refresh), one stream per client (no tab sharing);
 * - `fixed`: a bare stream that reconnects after a fixed delay, as a native `EventSource` (about 3 s, with
 *   `Last-Event-ID`) or vueuse's `useEventSource` with `autoReconnect` (1 s, a new `EventSource`, so no id).
 */
export type ClientKind = { type: 'ours' } | { type: 'fixed'; delayMs: number; sendsLastEventId: boolean }

export interface ClientLogin {
  userId: number
  accessToken: string
}

export type ToWorker =
  | { type: 'start'; kind: ClientKind; apiUrl: string; clients: ClientLogin[] }
  | { type: 'status' }
  /** Everything observed since `since` (epoch ms), checked against the alarm ids each user must have got. */
  | { type: 'report'; since: number; expected: Record<number, number[]> }
  | { type: 'stop' }

/** How many clients are open, and how many of those are quiet (no REST load in flight). */
export interface WorkerStatus {
  total: number
  open: number
  settled: number
}

/** Tallies over (client, expected alarm) pairs. */
export interface DeliveryTally {
  /** Pairs where the alarm is held exactly once (ours: in the store's list; fixed: received on the wire). */
  once: number
  missing: number
  /** Held more than once (a list holding an id twice). */
  duplicated: number
  /** Pairs whose alarm crossed the wire in a stream (replay or live), at least once. */
  onWire: number
  /** Pairs whose alarm crossed the wire more than once (replay repeats). */
  repeatedOnWire: number
  /** Ours only: pairs whose "new alarm" notification fired exactly once. */
  notifiedOnce: number
}

export interface WorkerReport {
  /** Per client whose stream dropped since `since`: its first `open` after that (epoch ms), or null when none. */
  reopenedAt: Array<number | null>
  /** Clients whose stream never dropped (no request since `since`) and is open. */
  stayedOpen: number
  /** Stream requests that got an HTTP answer, at or after `since` (epoch ms). */
  answeredAttempts: number[]
  /** Stream requests that failed without an answer (refused, reset) since `since`. */
  failedAttempts: number
  /** Dropped clients not open again, by what they were doing: a request still waiting for its connect, or a status. */
  notReopened: Record<string, number>
  delivery: DeliveryTally
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'status'; status: WorkerStatus }
  | { type: 'report'; report: WorkerReport }
  | { type: 'error'; message: string }

/** Wall-clock milliseconds with sub-millisecond precision, comparable across the bench's processes. */
export const epochNow = (): number => performance.timeOrigin + performance.now()
