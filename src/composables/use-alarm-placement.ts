import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { toElement, type MaybeElement } from './elements'
import { cssPixels, placePanel, type AlarmPanelPlacement, type PlacementResult } from './placement'

export interface UseAlarmPlacementOptions {
  /** Positions only while this is true. */
  open: Ref<boolean>
  /**
   * Alignment to the trigger.
   * @default 'bottom-end'
   */
  placement?: MaybeRefOrGetter<AlarmPanelPlacement>
}

export interface UseAlarmPlacementReturn {
  /** Bind with `:style` on the panel: fixed coordinates plus `--vsa-available-height`. */
  style: ShallowRef<Record<string, string>>
  /** True below the `--vsa-sheet-breakpoint` width (default 640px): the panel is a full-width sheet. */
  sheet: ShallowRef<boolean>
}

/** Before the first measure: the panel may take the viewport's height, as after a measure it takes the room there is. */
const INITIAL = { position: 'fixed', top: '0px', left: '0px', '--vsa-available-height': '100vh' }

/**
 * Keeps an open panel inside the viewport (see `placePanel`), again on resize, on scroll of any ancestor and
 * when the panel's size changes. Theme values are read from CSS custom properties on the panel:
 * `--vsa-sheet-breakpoint` (640px), `--vsa-panel-offset` (8px), `--vsa-viewport-padding` (8px),
 * `--vsa-panel-min-height` (200px).
 */
export function useAlarmPlacement(
  trigger: ShallowRef<MaybeElement>,
  floating: ShallowRef<MaybeElement>,
  options: UseAlarmPlacementOptions,
): UseAlarmPlacementReturn {
  const style = shallowRef<Record<string, string>>(INITIAL)
  const sheet = shallowRef(false)
  let frame = 0

  function apply(result: PlacementResult): void {
    const next: Record<string, string> = { position: 'fixed', left: `${result.left}px`, '--vsa-available-height': `${result.maxHeight}px` }
    if (result.top !== undefined) next.top = `${result.top}px`
    if (result.bottom !== undefined) next.bottom = `${result.bottom}px`
    style.value = next
    sheet.value = result.sheet
  }

  function update(): void {
    const triggerElement = toElement(trigger.value)
    const panelElement = toElement(floating.value)
    if (!options.open.value || !triggerElement || !panelElement) return
    const css = getComputedStyle(panelElement)
    const read = (name: string, fallback: number) => cssPixels(css.getPropertyValue(name), fallback)
    const { clientWidth, clientHeight } = document.documentElement
    apply(
      placePanel({
        trigger: triggerElement.getBoundingClientRect(),
        panelWidth: panelElement.offsetWidth,
        viewport: { width: clientWidth, height: clientHeight },
        placement: toValue(options.placement) ?? 'bottom-end',
        offset: read('--vsa-panel-offset', 8),
        padding: read('--vsa-viewport-padding', 8),
        sheetBelow: read('--vsa-sheet-breakpoint', 640),
        minHeight: read('--vsa-panel-min-height', 200),
      }),
    )
  }

  /** At most once per frame: scroll and resize fire far more often than the screen updates. */
  function schedule(): void {
    if (frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      update()
    })
  }

  watch(
    [() => options.open.value && toElement(floating.value), () => toValue(options.placement)],
    ([panelElement], _previous, onCleanup) => {
      if (!panelElement) {
        style.value = INITIAL
        return
      }
      update()
      window.addEventListener('resize', schedule)
      window.addEventListener('scroll', schedule, { capture: true, passive: true })
      const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(schedule)
      observer?.observe(panelElement)
      onCleanup(() => {
        window.removeEventListener('resize', schedule)
        window.removeEventListener('scroll', schedule, { capture: true })
        observer?.disconnect()
        if (frame) cancelAnimationFrame(frame)
        frame = 0
      })
    },
    { flush: 'post' },
  )

  onScopeDispose(() => {
    if (frame) cancelAnimationFrame(frame)
  })

  return { style, sheet }
}
