import { computed, shallowRef, type ComputedRef } from 'vue'
import { createBurstCounter } from '../attention/burst'

/** What to do with one arrival: show it, or count it in the summary (`group`: the first one past `max`). */
export type BurstPlacement = 'toast' | 'group' | 'summary'

export function placeInBurst(burstSize: number, max: number): BurstPlacement {
  if (burstSize <= max) return 'toast'
  return burstSize === max + 1 ? 'group' : 'summary'
}

export interface ToastSummary {
  /** What the summary toast counts: the grouped burst plus `extra` (quiet hours' backlog); 0 hides it. */
  count: ComputedRef<number>
  /** Where the arrival at `now` goes. On `group` the burst's toasts should make way for the summary. */
  place(now: number): BurstPlacement
  /** Hides the summary, then calls `then` (to tell the app, which clears its `extra`). */
  close(then: () => void): void
}

/** The summary toast of `<AlarmToasts>`: more than `max` arrivals in one burst become one "12 new alarms". */
export function useToastSummary(options: { max: () => number; windowMs: () => number; extra: () => number }): ToastSummary {
  const grouped = shallowRef(0)
  let counter = createBurstCounter(options.windowMs())
  let counterWindow = options.windowMs()
  return {
    count: computed(() => grouped.value + options.extra()),
    place(now) {
      if (counterWindow !== options.windowMs()) {
        counterWindow = options.windowMs()
        counter = createBurstCounter(counterWindow)
      }
      const size = counter(now)
      const placement = placeInBurst(size, options.max())
      if (placement !== 'toast') grouped.value = size
      return placement
    },
    close(then) {
      grouped.value = 0
      then()
    },
  }
}
