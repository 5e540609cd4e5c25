import { nextTick, onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { useAlarmsStore } from '../store'
import { focusablesOf, toElement, type MaybeElement } from './elements'
import { useAlarmsViewState } from './ui-state'

/** Options of `useAlarmPanel`. */
export interface UseAlarmPanelOptions {
  /**
   * The open state. Pass a component's `defineModel('open')` so `v-model:open` opens and closes the panel.
   * @default ref(false)
   */
  open?: Ref<boolean>
  /**
   * Call the store's `acknowledge()` (the bell stops being lit) on open, and for alarms arriving while open.
   * @default true
   */
  acknowledge?: boolean
  /**
   * The rows the arrow keys move between. Each row is one tab stop; its other controls follow it in Tab order.
   * @default '[data-alarm-item]'
   */
  itemSelector?: string
}

/** What `useAlarmPanel` returns: the open state, template refs to bind, and the actions. */
export interface UseAlarmPanelReturn {
  /** Whether the panel is open (the `open` option when given). */
  open: Ref<boolean>
  /** Template ref: the element around trigger and panel. Keys and focus are handled here; a click outside closes. */
  root: ShallowRef<MaybeElement>
  /** Template ref: the button that opens the panel; focus returns to it. */
  trigger: ShallowRef<MaybeElement>
  /** Template ref: the panel (give it `tabindex="-1"`); focus lands on it when no row can take it. */
  panel: ShallowRef<MaybeElement>
  show(): void
  /** Closes; `returnFocus` moves focus back to the trigger (Esc, a selection). */
  hide(options?: { returnFocus?: boolean }): void
  toggle(): void
  /** Focuses the row at `index` (clamped to the rows there are). @returns false when there is no row. */
  focusItem(index: number): boolean
}

/**
 * A disclosure panel over the alarms store: open state, acknowledge on open, Esc / click outside / Tab away
 * close, focus returned to the trigger, arrow keys (roving focus) over the rows, and focus kept inside when the
 * focused control disappears (after "Mark all as read" it moves to the panel, so Esc still closes).
 */
export function useAlarmPanel(options: UseAlarmPanelOptions = {}): UseAlarmPanelReturn {
  const { acknowledge = true, itemSelector = '[data-alarm-item]' } = options
  const open = options.open ?? ref(false)
  const root = shallowRef<MaybeElement>(null)
  const trigger = shallowRef<MaybeElement>(null)
  const panel = shallowRef<MaybeElement>(null)
  const store = useAlarmsStore()
  const view = useAlarmsViewState()

  /** Set by `hide()`; undefined when the open state changed from outside (then decided by where focus is). */
  let returnFocus: boolean | undefined
  let activeRow = 0
  /** Row index of the last focused control inside the panel, -1 for one outside the rows. */
  let focusedRow: number | null = null
  let registered = false
  let observer: MutationObserver | undefined

  const rows = () => Array.from(toElement(panel.value)?.querySelectorAll<HTMLElement>(itemSelector) ?? [])

  /** One tab stop for the list: the active row's controls; every other row is reached with the arrow keys. */
  function syncTabStops(): void {
    const all = rows()
    activeRow = Math.max(0, Math.min(activeRow, all.length - 1))
    all.forEach((row, index) => {
      const tabIndex = index === activeRow ? '0' : '-1'
      // Written only when it differs: the observer below calls this on every change of the panel's rows.
      for (const control of focusablesOf(row)) if (control.getAttribute('tabindex') !== tabIndex) control.setAttribute('tabindex', tabIndex)
    })
  }

  function focusItem(index: number): boolean {
    const all = rows()
    const clamped = Math.max(0, Math.min(index, all.length - 1))
    const row = all[clamped]
    if (!row) return false
    activeRow = clamped
    syncTabStops()
    focusablesOf(row)[0]?.focus()
    return true
  }

  /** The focused control was removed (the browser moved focus to the body): keep focus in the panel. */
  function rescueFocus(): void {
    const active = document.activeElement
    if (!open.value || focusedRow === null || (active && active !== document.body)) return
    if (focusedRow < 0 || !focusItem(focusedRow)) toElement(panel.value)?.focus()
  }

  function show(): void {
    open.value = true
  }

  function hide(hideOptions: { returnFocus?: boolean } = {}): void {
    if (!open.value) return
    returnFocus = hideOptions.returnFocus ?? false
    open.value = false
  }

  function toggle(): void {
    if (open.value) hide()
    else show()
  }

  function onKeydown(event: KeyboardEvent): void {
    if (!open.value) return
    if (event.key === 'Escape') {
      event.preventDefault()
      hide({ returnFocus: true })
      return
    }
    const all = rows()
    const current = all.findIndex((row) => event.target instanceof Node && row.contains(event.target))
    if (current === -1) return
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: all.length - 1 }
    const next = moves[event.key]
    if (next === undefined) return
    event.preventDefault()
    focusItem(next)
  }

  function onFocusin(event: FocusEvent): void {
    const target = event.target
    if (!(target instanceof Node) || !toElement(panel.value)?.contains(target)) return
    focusedRow = rows().findIndex((row) => row.contains(target))
    if (focusedRow !== -1 && focusedRow !== activeRow) {
      activeRow = focusedRow
      syncTabStops()
    }
  }

  function onFocusout(event: FocusEvent): void {
    const next = event.relatedTarget
    const rootElement = toElement(root.value)
    // Tab (or any focus move) out of trigger and panel closes without pulling focus back.
    if (next instanceof Node && rootElement && !rootElement.contains(next)) hide()
    // No next target: the window lost focus, or the focused control was removed (Chromium reports that).
    else if (next === null) setTimeout(rescueFocus)
  }

  function onDocumentPointerdown(event: Event): void {
    if (event.target instanceof Node && toElement(root.value)?.contains(event.target)) return
    hide()
  }

  function opened(): void {
    if (registered || typeof document === 'undefined') return
    registered = true
    view.openPanels += 1
    if (acknowledge) store.acknowledge()
    document.addEventListener('pointerdown', onDocumentPointerdown, true)
    activeRow = 0
    void nextTick(() => {
      const panelElement = toElement(panel.value)
      if (!open.value || !panelElement) return
      observer = new MutationObserver(() => {
        syncTabStops()
        rescueFocus()
      })
      observer.observe(panelElement, { childList: true, subtree: true })
      // focusItem sets the tab stops; it fails only when there are no rows to set them on.
      if (!focusItem(activeRow)) panelElement.focus()
    })
  }

  function closed(): void {
    if (!registered) return
    registered = false
    view.openPanels -= 1
    document.removeEventListener('pointerdown', onDocumentPointerdown, true)
    observer?.disconnect()
    observer = undefined
    // Runs before the panel leaves the DOM, so "focus was inside" can still be read.
    const panelElement = toElement(panel.value)
    const shouldReturn = returnFocus ?? (!!panelElement && panelElement.contains(document.activeElement))
    returnFocus = undefined
    focusedRow = null
    if (shouldReturn) toElement(trigger.value)?.focus()
  }

  watch(open, (isOpen) => (isOpen ? opened() : closed()), { immediate: true })

  watch(
    () => store.hasNewAlarms,
    (hasNew) => {
      if (hasNew && open.value && acknowledge) store.acknowledge()
    },
  )

  watch(
    () => toElement(root.value),
    (element, _previous, onCleanup) => {
      if (!element) return
      element.addEventListener('keydown', onKeydown)
      element.addEventListener('focusin', onFocusin)
      element.addEventListener('focusout', onFocusout)
      onCleanup(() => {
        element.removeEventListener('keydown', onKeydown)
        element.removeEventListener('focusin', onFocusin)
        element.removeEventListener('focusout', onFocusout)
      })
    },
    { flush: 'post' },
  )

  onScopeDispose(() => {
    returnFocus = false
    closed()
  })

  return { open, root, trigger, panel, show, hide, toggle, focusItem }
}
