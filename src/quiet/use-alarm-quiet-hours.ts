import { defineStore } from 'pinia'
import { computed, inject, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import { ALARMS_OPTIONS_KEY } from '../options'
import { useAlarmsStore } from '../store'
import { isWithinQuietHours, msUntilQuietChange, type QuietHoursWindow } from './quiet-window'

/** What piled up during quiet hours, shown once when they end. */
export interface QuietHoursSummary {
  /** New unread alarms that arrived while quiet. */
  count: number
}

const useQuietHoursStore = /* @__PURE__ */ defineStore('alarms-quiet-hours', () => {
  const alarms = useAlarmsStore()
  const schedule = shallowRef<QuietHoursWindow | null>(inject(ALARMS_OPTIONS_KEY, null)?.quietHours ?? null)
  const doNotDisturb = shallowRef(false)
  /** Moved by a timer at each edge of the window, so `quiet` recomputes exactly then. */
  const now = shallowRef(Date.now())
  const summary = shallowRef<QuietHoursSummary | null>(null)
  let held = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const quiet = computed(() => doNotDisturb.value || (schedule.value !== null && isWithinQuietHours(schedule.value, new Date(now.value))))

  function planNextEdge() {
    clearTimeout(timer)
    const window = schedule.value
    if (window === null) return
    timer = setTimeout(() => {
      now.value = Date.now()
      planNextEdge()
    }, msUntilQuietChange(window, new Date()))
  }
  watch(schedule, () => {
    now.value = Date.now()
    planNextEdge()
  }, { immediate: true })

  const stopCounting = alarms.subscribeNewAlarms((fresh) => {
    if (quiet.value) held += fresh.filter((alarm) => !alarm.isRead).length
  })
  watch(quiet, (isQuiet) => {
    if (isQuiet) summary.value = null
    else if (held > 0) summary.value = { count: held }
    held = 0
  })
  // Another user's backlog is not this one's.
  watch(() => alarms.user, () => {
    held = 0
    summary.value = null
  })
  onScopeDispose(() => {
    clearTimeout(timer)
    stopCounting()
  })

  return { schedule, doNotDisturb, summary, quiet }
})

/** What `useAlarmQuietHours()` returns: whether it is quiet now, do-not-disturb, and the summary of what waited. */
export interface UseAlarmQuietHoursReturn {
  /** True during the daily window or while do-not-disturb is on: toasts, sounds and desktop notifications wait. */
  quiet: ComputedRef<boolean>
  /** The daily window (`createAlarms({ quietHours })` to start with); null for none. */
  schedule: Ref<QuietHoursWindow | null>
  /** The manual switch. */
  doNotDisturb: Ref<boolean>
  /** Set when quiet hours end with alarms that arrived meanwhile: show it once, then `dismissSummary()`. */
  summary: Readonly<Ref<QuietHoursSummary | null>>
  dismissSummary(): void
}

/**
 * Quiet hours and do-not-disturb, one state per app. Badge and list keep following the alarms; what reaches out
 * (toasts, sound, desktop) should check `quiet`. Alarms that arrive meanwhile become one `summary` at the end.
 */
export function useAlarmQuietHours(): UseAlarmQuietHoursReturn {
  const store = useQuietHoursStore()
  return {
    quiet: computed(() => store.quiet),
    schedule: computed({ get: () => store.schedule, set: (value) => (store.schedule = value) }),
    doNotDisturb: computed({ get: () => store.doNotDisturb, set: (value) => (store.doNotDisturb = value) }),
    summary: computed(() => store.summary),
    dismissSummary: () => (store.summary = null),
  }
}
