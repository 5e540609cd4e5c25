import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventually, openDemo, startDemoEnvironment, type DemoEnvironment, type DemoSession } from './demo-page'

let environment: DemoEnvironment
const sessions: DemoSession[] = []
const USER_ID = 950
const WIDTHS = [320, 390, 768, 1280]
const HEIGHT = 740
/** `UPDATE_SCREENSHOTS=1` rewrites the docs' screenshots (docs/public/) from this run. */
const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1'
const docs = (name: string) => fileURLToPath(new URL(`../../docs/public/${name}`, import.meta.url))

beforeAll(async () => {
  environment = await startDemoEnvironment()
  await environment.api.publishMany(USER_ID, { content: 'Kim commented on “Release plan for the spring launch”', url: '/posts/3', count: 8 })
})

afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()?.close()
})

afterAll(() => environment?.close())

describe('the open panel fits the viewport', () => {
  for (const bellAt of ['left', 'center', 'right'] as const) {
    it(`with the bell at the ${bellAt} of the header, at ${WIDTHS.join(', ')} px wide`, async () => {
      const me = await openDemo(environment.browser, `${environment.server.url}/?bell=${bellAt}`, USER_ID, { viewport: { width: WIDTHS[0]!, height: HEIGHT } })
      sessions.push(me)
      for (const width of WIDTHS) {
        await me.page.setViewportSize({ width, height: HEIGHT })
        await me.open()
        await eventually(() => me.items.count()).toBe(8)
        // Placement follows a resize on the next frame.
        await me.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
        const layout = await me.page.evaluate(() => {
          const panel = document.querySelector('.vsa-panel')!.getBoundingClientRect()
          const bell = document.querySelector('.vsa-bell__button')!.getBoundingClientRect()
          const root = document.documentElement
          return {
            panel: { left: panel.left, top: panel.top, right: panel.right, bottom: panel.bottom, width: panel.width },
            bellBottom: bell.bottom,
            viewport: { width: root.clientWidth, height: root.clientHeight },
            pageWidth: root.scrollWidth,
          }
        })
        const where = `${bellAt} at ${width}px: ${JSON.stringify(layout)}`
        expect(layout.panel.left, where).toBeGreaterThanOrEqual(0)
        expect(layout.panel.top, where).toBeGreaterThanOrEqual(0)
        expect(layout.panel.right, where).toBeLessThanOrEqual(layout.viewport.width)
        expect(layout.panel.bottom, where).toBeLessThanOrEqual(layout.viewport.height)
        expect(layout.panel.top, where).toBeGreaterThanOrEqual(layout.bellBottom)
        expect(layout.pageWidth, `the page scrolls sideways: ${where}`).toBeLessThanOrEqual(layout.viewport.width)
        // A full-width sheet below the 640px breakpoint, the desktop panel above it.
        if (width < 640) expect(layout.panel.width, where).toBe(layout.viewport.width)
        else expect(layout.panel.width, where).toBe(360)

        if (updateScreenshots && bellAt === 'right' && (width === 390 || width === 1280)) {
          // A pointer click on the title leaves focus in the panel without a keyboard focus ring.
          await me.panel.locator('.vsa-panel__title').click()
          await me.page.mouse.move(0, HEIGHT - 1)
          await me.page.screenshot({ path: docs(width === 390 ? 'bell-sheet.png' : 'bell-open.png') })
        }
        await me.page.keyboard.press('Escape')
        await me.panel.waitFor({ state: 'detached' })
      }
    })
  }
})
