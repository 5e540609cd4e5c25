import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cssPixels, placePanel, type PlacementInput } from '../../src/composables/placement'

const desktop = { width: 1280, height: 800 }
const bell = (left: number, top = 12) => ({ top, bottom: top + 40, left, right: left + 40 })
const base = (overrides: Partial<PlacementInput>): PlacementInput => ({
  trigger: bell(1200),
  panelWidth: 360,
  viewport: desktop,
  placement: 'bottom-end',
  offset: 8,
  padding: 8,
  sheetBelow: 640,
  minHeight: 200,
  ...overrides,
})

describe('placePanel', () => {
  it('aligns the panel under the bell as asked: end, start or centre', () => {
    expect(placePanel(base({ trigger: bell(600) }))).toEqual({ sheet: false, side: 'bottom', left: 280, top: 60, maxHeight: 732 })
    expect(placePanel(base({ trigger: bell(600), placement: 'bottom-start' })).left).toBe(600)
    expect(placePanel(base({ trigger: bell(600), placement: 'bottom' })).left).toBe(440)
  })

  it('shifts the panel inside the viewport when the bell sits at an edge', () => {
    expect(placePanel(base({ trigger: bell(10) })).left).toBe(8)
    expect(placePanel(base({ trigger: bell(1230), placement: 'bottom-start' })).left).toBe(1280 - 8 - 360)
    expect(placePanel(base({ trigger: bell(4), placement: 'bottom' })).left).toBe(8)
  })

  it('becomes a full-width sheet below the breakpoint', () => {
    const result = placePanel(base({ trigger: bell(280), viewport: { width: 390, height: 844 } }))
    expect(result).toEqual({ sheet: true, side: 'bottom', left: 0, top: 60, maxHeight: 844 - 60 - 8 })
  })

  it('flips above the bell when too little fits below and more fits above', () => {
    const result = placePanel(base({ trigger: bell(600, 700) }))
    expect(result.side).toBe('top')
    expect(result.bottom).toBe(800 - 700 + 8)
    expect(result.maxHeight).toBe(700 - 8 - 8)
    expect(placePanel(base({ trigger: bell(600, 500) })).side).toBe('bottom')
  })

  it('keeps the panel rectangle inside the viewport for any bell position, panel width and viewport size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 280, max: 2000 }),
        fc.integer({ min: 300, max: 1400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 200, max: 900 }),
        fc.constantFrom('bottom-end' as const, 'bottom-start' as const, 'bottom' as const),
        (width, height, x, y, panelWidth, placement) => {
          const trigger = bell(Math.floor(x * (width - 40)), Math.floor(y * (height - 40)))
          const input = base({ trigger, viewport: { width, height }, panelWidth, placement })
          const result = placePanel(input)
          const shownWidth = result.sheet ? width : Math.min(panelWidth, width - 16)
          expect(result.left).toBeGreaterThanOrEqual(0)
          expect(result.left + shownWidth).toBeLessThanOrEqual(width)
          const top = result.top ?? height - result.bottom! - result.maxHeight
          expect(top).toBeGreaterThanOrEqual(0)
          expect(top + result.maxHeight).toBeLessThanOrEqual(height)
        },
      ),
    )
  })
})

describe('cssPixels', () => {
  it('reads px lengths and falls back for anything else', () => {
    expect(cssPixels(' 640px', 1)).toBe(640)
    expect(cssPixels('40rem', 1)).toBe(1)
    expect(cssPixels('12', 1)).toBe(12)
    expect(cssPixels('', 8)).toBe(8)
    expect(cssPixels('50vw', 8)).toBe(8)
  })
})
