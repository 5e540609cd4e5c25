import { getCurrentInstance, onMounted, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import type { Alarm } from '../alarms/types'
import { alarmKey } from '../alarms/merge'
import { pageVisibility } from '../stream/visibility'
import { toElement, type MaybeElement } from './elements'
import { onNewAlarm } from './on-new-alarm'
import { onSessionEnd } from './on-session-end'
import { useToastSummary } from './toast-bursts'
import { useAlarmsViewState } from './ui-state'

/** Options of `useAlarmToasts`. The numbers may be values, refs or getters (a component's props). */
export interface UseAlarmToastsOptions {
  /**
   * Most toasts on screen at once; a new one pushes the oldest out.
   * @default 3
   */
  max?: MaybeRefOrGetter<number>
  /**
   * How long a toast stays, in ms; paused while the pointer is over the region or focus is in it. 0 keeps
   * toasts until dismissed.
   * @default 6000
   */
  duration?: MaybeRefOrGetter<number>
  /**
   * Whether an alarm may pop up (per-type preferences, quiet hours). Read on each arrival, so it may read refs.
   * @default every alarm
   */
  filter?: (alarm: Alarm) => boolean
  /**
   * More than `max` alarms closer together than this (ms) become one summary; 0 never groups.
   * @default 0
   */
  groupWindowMs?: MaybeRefOrGetter<number>
  /**
   * Alarms to add to the summary (quiet hours' backlog); 0 adds none.
   * @default 0
   */
  summary?: MaybeRefOrGetter<number>
  /** Called when the summary closes: `select` (open the panel) or `dismiss` (also on sign-out, or a panel opening). */
  onSummaryClose?: (reason: 'select' | 'dismiss') => void
}

/** One toast on screen. */
export interface AlarmToastItem {
  /** The alarm's id as a string: a stable `key` and `data-alarm-id`. */
  readonly key: string
  readonly alarm: Alarm
}

/** What `useAlarmToasts` returns: the queue, a template ref to bind, and the actions. */
export interface UseAlarmToastsReturn {
  /** The toasts on screen, newest first. */
  toasts: Readonly<ShallowRef<readonly AlarmToastItem[]>>
  /** What the summary counts (the grouped burst plus `summary`); 0 means no summary on screen. */
  summaryCount: ComputedRef<number>
  /** Grows when the session ends: use it as the `key` of the list so the toasts go at once, not one by one. */
  generation: Readonly<Ref<number>>
  /** Template ref: the element around the toasts. Pointer and focus in it pause the timers; focus goes back from it. */
  region: ShallowRef<MaybeElement>
  /** Removes one toast; when focus was in the last one, it goes back where it was before. */
  dismiss(key: string): void
  /** Removes every toast and the summary. Called on its own when the session ends. */
  clear(): void
  /** Hides the summary and calls `onSummaryClose(reason)`. */
  closeSummary(reason: 'select' | 'dismiss'): void
}

interface Toast extends AlarmToastItem {
  /** Time left, ms, as of `startedAt`. */
  remaining: number
  startedAt: number
  timer?: ReturnType<typeof setTimeout>
}

/**
 * The toast queue of `<AlarmToasts>` without its markup: new alarms pop up in the tab the person is looking at
 * (not while a panel shows them), timed, paused on hover and focus, grouped in bursts, and cleared on sign-out.
 * Bound to the calling component's lifetime.
 */
export function useAlarmToasts(options: UseAlarmToastsOptions = {}): UseAlarmToastsReturn {
  const max = (): number => toValue(options.max) ?? 3
  const duration = (): number => toValue(options.duration) ?? 6000
  const view = useAlarmsViewState()
  const region = shallowRef<MaybeElement>(null)
  const toasts = shallowRef<Toast[]>([])
  const generation = shallowRef(0)
  const summary = useToastSummary({ max, windowMs: () => toValue(options.groupWindowMs) ?? 0, extra: () => toValue(options.summary) ?? 0 })
  let hovered = false
  let focused = false
  /** Where focus was before it entered the toasts, to go back to when the last one closes under it. */
  let focusBefore: HTMLElement | null = null

  const focusIsInside = (): boolean => toElement(region.value)?.contains(document.activeElement) ?? false

  function start(toast: Toast): void {
    if (hovered || focused || duration() <= 0) return
    toast.startedAt = Date.now()
    toast.timer = setTimeout(() => dismiss(toast.key), toast.remaining)
  }

  function stop(toast: Toast): void {
    if (toast.timer === undefined) return
    clearTimeout(toast.timer)
    toast.timer = undefined
    toast.remaining -= Date.now() - toast.startedAt
  }

  function setPaused(): void {
    for (const toast of toasts.value) {
      if (hovered || focused) stop(toast)
      else if (toast.timer === undefined) start(toast)
    }
  }

  function dismiss(key: string): void {
    const toast = toasts.value.find((candidate) => candidate.key === key)
    if (!toast) return
    stop(toast)
    const focusWasHere = focusIsInside()
    toasts.value = toasts.value.filter((candidate) => candidate !== toast)
    if (focusWasHere && toasts.value.length === 0) {
      focused = false
      focusBefore?.focus()
    }
  }

  function closeSummary(reason: 'select' | 'dismiss'): void {
    summary.close(() => options.onSummaryClose?.(reason))
  }

  /** Every toast goes with its timer, also those kept until dismissed (`duration` 0). */
  function clear(): void {
    if (summary.count.value > 0) closeSummary('dismiss')
    if (toasts.value.length === 0) return
    for (const toast of toasts.value) stop(toast)
    const focusWasHere = focusIsInside()
    toasts.value = []
    generation.value += 1
    hovered = false
    focused = false
    if (focusWasHere) focusBefore?.focus()
  }

  // Only in the tab the person is looking at, and not while a panel already shows the alarm.
  onNewAlarm((alarm) => {
    const key = alarmKey(alarm.id)
    if (alarm.isRead || pageVisibility() !== 'visible' || view.openPanels > 0) return
    if (options.filter && !options.filter(alarm)) return
    if (toasts.value.some((toast) => toast.key === key)) return
    const placement = summary.place(Date.now())
    if (placement === 'group') for (const toast of toasts.value) dismiss(toast.key)
    if (placement !== 'toast') return
    const toast: Toast = { key, alarm, remaining: duration(), startedAt: 0 }
    const kept = Math.max(0, max() - 1)
    for (const old of toasts.value.slice(kept)) stop(old)
    toasts.value = [toast, ...toasts.value.slice(0, kept)]
    start(toast)
  })

  // Signed out, another user, or the session refused: a shared screen must not keep showing that user's alarms.
  onSessionEnd(clear)

  // An opened panel lists every alarm the toasts showed.
  watch(
    () => view.openPanels > 0,
    (panelOpen) => {
      if (panelOpen) for (const toast of toasts.value) dismiss(toast.key)
      if (panelOpen && summary.count.value > 0) closeSummary('dismiss')
    },
  )

  function onFocusin(event: FocusEvent): void {
    if (!focused && event.relatedTarget instanceof HTMLElement) focusBefore = event.relatedTarget
    focused = true
    setPaused()
  }

  function onFocusout(event: FocusEvent): void {
    if (event.relatedTarget instanceof Node && toElement(region.value)?.contains(event.relatedTarget)) return
    focused = false
    setPaused()
  }

  const onPointerenter = (): void => setHovered(true)
  const onPointerleave = (): void => setHovered(false)
  function setHovered(isOver: boolean): void {
    hovered = isOver
    setPaused()
  }

  watch(
    () => toElement(region.value),
    (element, previous) => {
      previous?.removeEventListener('pointerenter', onPointerenter)
      previous?.removeEventListener('pointerleave', onPointerleave)
      previous?.removeEventListener('focusin', onFocusin)
      previous?.removeEventListener('focusout', onFocusout)
      element?.addEventListener('pointerenter', onPointerenter)
      element?.addEventListener('pointerleave', onPointerleave)
      element?.addEventListener('focusin', onFocusin)
      element?.addEventListener('focusout', onFocusout)
    },
    { flush: 'post' },
  )

  // Counted once mounted, so a server render does not leave the bell thinking toasts announce.
  let counted = false
  const count = (): void => {
    counted = true
    view.toastRegions += 1
  }
  if (getCurrentInstance()) onMounted(count)
  else count()
  onScopeDispose(() => {
    if (counted) view.toastRegions -= 1
    for (const toast of toasts.value) stop(toast)
  })

  return { toasts, summaryCount: summary.count, generation, region, dismiss, clear, closeSummary }
}
