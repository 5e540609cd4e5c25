import { watch } from 'vue'

/** The store's refresh defaults, passed explicitly where a test derives a bound from them. */
export const REFRESH_DEBOUNCE_MS = 100
export const REFRESH_MAX_WAIT_MS = 1000

/**
 * The most refreshes the store's rules allow for stream alarms that reached it at `arrivals` (ms, ascending), besides
 * `explicit` refreshes asked for: one once the stream is quiet after the last alarm, one per quiet period inside the
 * burst, and one per `maxWaitMs` the burst lasts. A slow machine stretches a burst and opens gaps in it; the rules
 * then promise more refreshes, and this says how many. Node starts a timer from the time its event-loop turn began,
 * so a quiet period can end up to one busy turn before the clock here says it has: a gap counts from half the
 * debounce.
 */
export function refreshesAllowed(arrivals: readonly number[], explicit = 0, debounceMs = REFRESH_DEBOUNCE_MS, maxWaitMs = REFRESH_MAX_WAIT_MS): number {
  const gaps = arrivals.slice(1).filter((at, index) => at - arrivals[index]! >= debounceMs / 2).length
  const spreadMs = arrivals.length > 0 ? arrivals.at(-1)! - arrivals[0]! : 0
  return explicit + 1 + gaps + Math.floor(spreadMs / maxWaitMs)
}

export interface LoadLog {
  /** When each refresh (or page load) started: `loading` turning on (`performance.now()`). */
  readonly starts: number[]
  /** When each alarm new to the page reached the store (ascending); fed by `noteAlarm`. */
  readonly arrivals: number[]
  /** Pass as (or call from) `onNewAlarm`. */
  noteAlarm(): void
  /**
   * The refresh the rules promise after the last alarm has landed and none is in flight: a load started after it, or
   * it came in a refresh's page (what the stream brings later is held already and schedules nothing).
   */
  settled(): boolean
  stop(): void
}

/** Notes when alarms arrive and when the store starts loading, to wait for the refresh after a burst instead of sleeping. */
export function recordLoads(store: { readonly loading: boolean }): LoadLog {
  const starts: number[] = []
  const arrivals: number[] = []
  let lastArrivedInLoad = false
  const stop = watch(
    () => store.loading,
    (loading) => loading && starts.push(performance.now()),
    { flush: 'sync' },
  )
  return {
    starts,
    arrivals,
    noteAlarm() {
      arrivals.push(performance.now())
      lastArrivedInLoad = store.loading
    },
    settled() {
      const last = arrivals.at(-1)
      return last !== undefined && !store.loading && (lastArrivedInLoad || starts.some((start) => start >= last))
    },
    stop,
  }
}
