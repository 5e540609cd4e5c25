/** Where the panel opens relative to the bell; it flips above and shifts sideways when it would not fit. */
export type AlarmPanelPlacement = 'bottom-end' | 'bottom-start' | 'bottom'

export interface PlacementInput {
  /** The trigger's rectangle in viewport coordinates (`getBoundingClientRect()`). */
  trigger: { top: number; bottom: number; left: number; right: number }
  /** The panel's own width (its CSS width); ignored for a sheet. */
  panelWidth: number
  viewport: { width: number; height: number }
  placement: AlarmPanelPlacement
  /** Gap between trigger and panel, px. */
  offset: number
  /** Closest the panel comes to a viewport edge, px. */
  padding: number
  /** Below this viewport width the panel is a full-width sheet, px. */
  sheetBelow: number
  /** The panel flips above the trigger when less than this fits below and more fits above, px. */
  minHeight: number
}

export interface PlacementResult {
  sheet: boolean
  side: 'bottom' | 'top'
  left: number
  /** Distance from the viewport top (side `bottom`) or from the viewport bottom (side `top`), px. */
  top?: number
  bottom?: number
  /** The height there is room for, px: the panel scrolls inside it. */
  maxHeight: number
}

/**
 * Fixed-position coordinates that keep the panel inside the viewport: aligned to the trigger as `placement`
 * asks, shifted sideways where it would cross an edge, flipped above when too little fits below, and a
 * full-width sheet on narrow screens. Pure, so every layout is testable without a browser.
 */
export function placePanel(input: PlacementInput): PlacementResult {
  const { trigger, viewport, offset, padding } = input
  const sheet = viewport.width < input.sheetBelow
  const edge = sheet ? 0 : padding
  const below = viewport.height - trigger.bottom - offset - padding
  const above = trigger.top - offset - padding
  const side = below < input.minHeight && above > below ? 'top' : 'bottom'
  const vertical =
    side === 'bottom'
      ? { top: Math.max(edge, trigger.bottom + offset), maxHeight: Math.max(0, below) }
      : { bottom: Math.max(edge, viewport.height - trigger.top + offset), maxHeight: Math.max(0, above) }
  if (sheet) return { sheet, side, left: 0, ...vertical }
  const width = Math.min(input.panelWidth, viewport.width - 2 * padding)
  const aligned =
    input.placement === 'bottom-start'
      ? trigger.left
      : input.placement === 'bottom'
        ? (trigger.left + trigger.right - width) / 2
        : trigger.right - width
  // Shifted in from the right edge first, then from the left: a panel wider than the room keeps its left edge.
  const left = Math.max(Math.min(aligned, viewport.width - padding - width), padding)
  return { sheet, side, left: Math.round(left), ...vertical }
}

/** A CSS length in px (`640px`, or a bare number); `fallback` for anything else. */
export function cssPixels(value: string, fallback: number): number {
  return /^\s*[\d.]+(px)?\s*$/.test(value) ? parseFloat(value) : fallback
}
