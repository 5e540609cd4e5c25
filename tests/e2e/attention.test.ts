import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { demoEnvironmentPerFile, eventually } from './demo-page'

const demo = demoEnvironmentPerFile()
const { api } = demo
let nextUserId = 700

/** Records the app badge and counts chimes (one oscillator each), in every page of the context. */
const RECORDERS = `
  window.__badge = []
  navigator.setAppBadge = (count) => { window.__badge.push(count); return Promise.resolve() }
  navigator.clearAppBadge = () => { window.__badge.push(0); return Promise.resolve() }
  window.__chimes = 0
  const createOscillator = AudioContext.prototype.createOscillator
  AudioContext.prototype.createOscillator = function () { window.__chimes += 1; return createOscillator.call(this) }
`

async function newContext(): Promise<BrowserContext> {
  const context = await demo.newContext()
  await context.addInitScript(RECORDERS)
  return context
}

/** Desktop notifications granted and recorded; `window.__hidden` makes the page report itself hidden. */
const HIDDEN_NOTIFICATIONS = `
  window.__notifications = []
  window.__hidden = false
  Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') })
  window.Notification = class {
    static permission = 'granted'
    static requestPermission = () => Promise.resolve('granted')
    constructor(title, options) { this.record = { body: options.body, closed: false }; window.__notifications.push(this.record) }
    close() { this.record.closed = true }
  }
`

async function openTab(context: BrowserContext, userId: number, query = ''): Promise<Page> {
  const page = await context.newPage()
  await page.goto(demo.url() + query)
  await page.getByTestId('sign-in-user').fill(String(userId), { timeout: 10_000 })
  await page.getByTestId('sign-in-submit').click({ timeout: 10_000 })
  await eventually(() => page.getByTestId('stream-status').textContent(), 15_000).toBe('open')
  return page
}

const title = (page: Page) => page.title()
const lastBadge = (page: Page) => page.evaluate(() => (window as unknown as { __badge: number[] }).__badge.at(-1) ?? null)
const chimes = (page: Page) => page.evaluate(() => (window as unknown as { __chimes: number }).__chimes)
const favicon = (page: Page) => page.evaluate(() => document.querySelector('link[rel~="icon"]')?.getAttribute('href') ?? null)
const totalChimes = async (tabs: Page[]) => (await Promise.all(tabs.map(chimes))).reduce((sum, count) => sum + count, 0)

describe('attention signals in two tabs of one user', () => {
  it('title, favicon and badge follow the count in both tabs; one chime per burst; none while quiet; cleared on sign-out', async () => {
    const user = ++nextUserId
    const context = await newContext()
    const tabs = [await openTab(context, user), await openTab(context, user)]
    const originalFavicons = await Promise.all(tabs.map(favicon))
    // Audio is allowed only after a gesture on the page.
    for (const tab of tabs) await tab.getByTestId('quiet').click()

    await api.publishMany(user, { content: 'Burst', type: 'COMMENT', count: 3 })
    for (const tab of tabs) {
      await eventually(() => title(tab)).toMatch(/^\(3\) /)
      await eventually(() => lastBadge(tab)).toBe(3)
      await eventually(() => favicon(tab)).toMatch(/^data:image\/png/)
    }
    await eventually(() => totalChimes(tabs)).toBe(1)

    for (const tab of tabs) await tab.getByTestId('do-not-disturb').check()
    await api.publishMany(user, { content: 'While quiet', type: 'COMMENT', count: 2 })
    for (const tab of tabs) await eventually(() => lastBadge(tab)).toBe(5)
    expect(await totalChimes(tabs)).toBe(1)
    expect(await tabs[0]!.locator('.vsa-toast[data-alarm-id]', { hasText: 'While quiet' }).count()).toBe(0)

    await tabs[0]!.getByTestId('do-not-disturb').uncheck()
    await eventually(() => tabs[0]!.locator('[data-summary] .vsa-toast__summary').textContent()).toBe('2 new alarms')
    expect(await tabs[0]!.locator('.vsa-toast[data-alarm-id]', { hasText: 'While quiet' }).count()).toBe(0)

    await tabs[0]!.getByTestId('sign-out').click()
    for (const [index, tab] of tabs.entries()) {
      await eventually(() => title(tab)).not.toMatch(/^\(\d+\+?\) /)
      await eventually(() => lastBadge(tab)).toBe(0)
      await eventually(() => favicon(tab)).toBe(originalFavicons[index])
    }
  })

  it('a toast switched off for one type stays away in both tabs at once, and in a new tab', async () => {
    const user = ++nextUserId
    const context = await newContext()
    const tabs = [await openTab(context, user), await openTab(context, user)]
    const commentToast = (page: Page) => page.locator('[data-type="COMMENT"] [data-channel="toast"]')
    await commentToast(tabs[0]!).click({ timeout: 5_000 })
    await eventually(() => commentToast(tabs[1]!).getAttribute('aria-checked')).toBe('false')

    await api.publish(user, { content: 'A comment', type: 'COMMENT' })
    await api.publish(user, { content: 'A like', type: 'LIKE' })
    for (const tab of tabs) {
      await eventually(() => tab.locator('.vsa-toast[data-alarm-id]').count()).toBe(1)
      expect(await tab.locator('.vsa-toast[data-alarm-id]').textContent()).toContain('A like')
    }

    // The demo keeps its sign-in in memory only: the reloaded page signs in again, and finds the switch as it was.
    await tabs[1]!.close()
    const reloaded = await openTab(context, user)
    await eventually(() => commentToast(reloaded).getAttribute('aria-checked', { timeout: 5_000 })).toBe('false')
  })

  it('a burst of 50 is one desktop notification from one tab while hidden, and at most max toasts then one summary', async () => {
    const user = ++nextUserId
    const context = await newContext()
    await context.addInitScript(HIDDEN_NOTIFICATIONS)
    const tabs = [await openTab(context, user, '?burst=3000'), await openTab(context, user, '?burst=3000')]
    for (const tab of tabs) await tab.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true))
    const shown = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: { body: string; closed: boolean }[] }).__notifications)

    await api.publishMany(user, { content: 'Hidden burst', type: 'COMMENT', count: 50 })
    for (const tab of tabs) await eventually(() => tab.locator('[data-testid="bell"] .vsa-bell__badge').textContent()).toBe('50')
    const perTab = await Promise.all(tabs.map(shown))
    expect(perTab.filter((notifications) => notifications.length > 0)).toHaveLength(1)
    const open = perTab.flat().filter((notification) => !notification.closed)
    expect(open.map((notification) => notification.body)).toEqual(['50 new alarms'])

    await tabs[0]!.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = false))
    await api.publishMany(user, { content: 'Visible burst', type: 'COMMENT', count: 50 })
    await eventually(() => tabs[0]!.locator('[data-summary] .vsa-toast__summary').textContent()).toBe('50 new alarms')
    expect(await tabs[0]!.locator('.vsa-toast[data-alarm-id]').count()).toBe(0)
  })
})
