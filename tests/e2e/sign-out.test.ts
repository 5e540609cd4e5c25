import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventually, sleep, startDemoEnvironment, type DemoEnvironment } from './demo-page'

/**
 * A shared computer: when a user's session ends, nothing of theirs stays on screen in any of their tabs. Each tab
 * records the desktop notifications the page opens and closes, and can be made to report itself hidden (only a
 * hidden tab that holds the stream notifies; Playwright shows every page as visible).
 */
const RECORDING_TAB = `
  const test = (window.__signOutTest = { hidden: false, notifications: [], marker: null, clearedAt: null, unauthorizedAt: null, clickedAt: null })
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (test.hidden ? 'hidden' : 'visible') })
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => test.hidden })

  test.traces = (marker) => {
    const bell = document.querySelector('[data-testid="bell"]')
    return {
      toasts: [...document.querySelectorAll('.vsa-toast')].map((node) => node.textContent ?? ''),
      liveRegion: bell?.querySelector('.vsa-bell__live')?.textContent ?? '',
      panelOpen: !!bell?.querySelector('[role="dialog"]'),
      openNotifications: test.notifications.filter((entry) => !entry.closed).map((entry) => entry.body),
      mentionsUser: (document.body?.textContent ?? '').includes(marker),
    }
  }
  /** Timestamps, on this machine's clock, of what the person sees: taken as the DOM changes, not when a test polls. */
  const check = () => {
    const status = document.querySelector('[data-testid="bell"]')?.getAttribute('data-status')
    if (status === 'unauthorized') test.unauthorizedAt ??= Date.now()
    if (test.marker === null || test.clearedAt !== null) return
    const now = test.traces(test.marker)
    const clear = now.toasts.length === 0 && !now.liveRegion && !now.panelOpen && now.openNotifications.length === 0 && !now.mentionsUser
    if (clear) test.clearedAt = Date.now()
  }
  test.watch = (marker) => {
    test.marker = marker
    test.clearedAt = null
    test.unauthorizedAt = null
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true })
  }
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-testid="sign-out"]')) test.clickedAt = Date.now()
  }, true)

  const Original = window.Notification
  class RecordingNotification extends Original {
    constructor(title, options) {
      super(title, options)
      this.entry = { tag: options?.tag ?? '', body: options?.body ?? '', closed: false }
      test.notifications.push(this.entry)
    }
    static get permission() {
      return Original.permission
    }
    close() {
      this.entry.closed = true
      super.close()
      check()
    }
  }
  window.Notification = RecordingNotification
`

interface Traces {
  toasts: string[]
  liveRegion: string
  panelOpen: boolean
  openNotifications: string[]
  /** The marker every alarm of the signed-out user carries, found anywhere in the page's text. */
  mentionsUser: boolean
}

declare global {
  interface Window {
    __signOutTest: {
      hidden: boolean
      clearedAt: number | null
      unauthorizedAt: number | null
      clickedAt: number | null
      traces(marker: string): Traces
      watch(marker: string): void
    }
  }
}

const NOTHING: Traces = { toasts: [], liveRegion: '', panelOpen: false, openNotifications: [], mentionsUser: false }

/** What the library shows of the user whose alarms carry `marker`, in one tab. */
const traces = (page: Page, marker: string) => page.evaluate((text) => window.__signOutTest.traces(text), marker)
const times = (page: Page) =>
  page.evaluate(() => {
    const { clearedAt, unauthorizedAt, clickedAt } = window.__signOutTest
    return { clearedAt, unauthorizedAt, clickedAt }
  })

let environment: DemoEnvironment
const contexts: BrowserContext[] = []
let nextUserId = 900
const freshUser = () => ++nextUserId

beforeAll(async () => {
  environment = await startDemoEnvironment()
})

afterEach(async () => {
  while (contexts.length > 0) await Promise.race([contexts.pop()?.close(), sleep(5_000)])
})

afterAll(() => environment?.close())

async function signIn(page: Page, userId: number): Promise<void> {
  await page.getByTestId('sign-in-user').fill(String(userId))
  await page.getByTestId('sign-in-submit').click()
  await eventually(() => page.getByTestId('stream-status').textContent(), 15_000).toBe('open')
}

async function openTab(context: BrowserContext, userId: number, toastDuration: number): Promise<Page> {
  const page = await context.newPage()
  await page.addInitScript(RECORDING_TAB)
  await page.goto(`${environment.server.url}/?toastDuration=${toastDuration}`)
  await signIn(page, userId)
  return page
}

const publish = (userId: number, content: string) => environment.api.publish(userId, { content })
const setHidden = (page: Page, hidden: boolean) => page.evaluate((value) => (window.__signOutTest.hidden = value), hidden)
const bellButton = (page: Page) => page.locator('[data-testid="bell"] button.vsa-bell__button')

/**
 * Two tabs of user A with everything the library can show: tab 1 (signs out) shows toasts; tab 2 holds the
 * stream, is hidden, has its panel open, its live region speaking and desktop notifications open.
 */
async function twoTabsShowingEverything(toastDuration: number) {
  const userA = freshUser()
  const marker = `for-user-${userA}`
  const context = await environment.browser.newContext({ permissions: ['notifications'] })
  contexts.push(context)
  const tab2 = await openTab(context, userA, toastDuration)
  await eventually(() => tab2.getByTestId('holds-stream').textContent()).toBe('yes')
  const tab1 = await openTab(context, userA, toastDuration)
  expect(await tab1.getByTestId('holds-stream').textContent()).toBe('no')

  await publish(userA, `first ${marker}`)
  for (const tab of [tab1, tab2]) await eventually(async () => (await traces(tab, marker)).toasts).toHaveLength(1)

  await setHidden(tab2, true)
  await bellButton(tab2).click()
  await tab2.locator('[data-testid="bell"] [role="dialog"]').waitFor()
  await publish(userA, `second ${marker}`)
  await eventually(async () => (await traces(tab1, marker)).toasts).toHaveLength(2)
  await eventually(() => traces(tab2, marker)).toMatchObject({
    liveRegion: `New alarm: second ${marker}`,
    panelOpen: true,
    openNotifications: [`second ${marker}`],
  })
  return { userA, marker, tab1, tab2 }
}

/** Waits until neither tab shows anything of the user; returns when the later of them got there (page clock). */
async function lastClearedAt(tabs: Page[], marker: string): Promise<number> {
  await eventually(() => Promise.all(tabs.map((tab) => traces(tab, marker))), 5_000).toEqual(tabs.map(() => NOTHING))
  const cleared = await Promise.all(tabs.map(async (tab) => (await times(tab)).clearedAt))
  expect(cleared).not.toContain(null)
  return Math.max(...(cleared as number[]))
}

/** B signs in on tab 1 and sees only B's alarms, as a toast and in the panel. */
async function nextUserSeesOnlyTheirs(tab1: Page, userA: number, marker: string): Promise<void> {
  await publish(userA, `after the end ${marker}`)
  const userB = freshUser()
  await publish(userB, `waiting for user ${userB}`)
  await signIn(tab1, userB)
  await publish(userB, `live for user ${userB}`)
  await eventually(async () => (await traces(tab1, marker)).toasts).toEqual([expect.stringContaining(`live for user ${userB}`)])
  await bellButton(tab1).click()
  await eventually(() => tab1.locator('[data-testid="bell"] .vsa-item__content').allTextContents()).toEqual([
    `live for user ${userB}`,
    `waiting for user ${userB}`,
  ])
  expect((await traces(tab1, marker)).mentionsUser).toBe(false)
}

describe('nothing of a signed-out user stays on screen, in any of their tabs', () => {
  it.each([
    ['toasts on a timer', 30_000],
    ['toasts kept until dismissed (duration 0)', 0],
  ])('sign-out in one tab, %s', async (_name, toastDuration) => {
    const { userA, marker, tab1, tab2 } = await twoTabsShowingEverything(toastDuration)
    for (const tab of [tab1, tab2]) await tab.evaluate((text) => window.__signOutTest.watch(text), marker)
    await tab1.getByTestId('sign-out').click()
    const clickedAt = (await times(tab1)).clickedAt
    expect(clickedAt).not.toBeNull()
    const clearedMs = (await lastClearedAt([tab1, tab2], marker)) - clickedAt!
    console.info(`sign-out (toast duration ${toastDuration}): both tabs clear of the user after ${clearedMs} ms`)
    // Left alone, the toasts would stay 30 s (or until dismissed): a sixth of that tells the two apart under load.
    expect(clearedMs).toBeLessThan(5000)
    await setHidden(tab2, false)
    await nextUserSeesOnlyTheirs(tab1, userA, marker)
    expect((await traces(tab2, marker)).mentionsUser).toBe(false)
  })

  it('the session ends by a refused refresh', async () => {
    const { userA, marker, tab1, tab2 } = await twoTabsShowingEverything(0)
    for (const tab of [tab1, tab2]) await tab.evaluate((text) => window.__signOutTest.watch(text), marker)
    // The tab holding the stream renews the token; its refresh token is refused.
    await tab2.getByTestId('revoke-refresh').click()
    await environment.api.fault([{ type: 'expireTokens' }, { type: 'drop' }])
    const statuses = () => Promise.all([tab1, tab2].map((tab) => tab.getByTestId('bell').getAttribute('data-status')))
    await eventually(statuses, 15_000).toEqual(['unauthorized', 'unauthorized'])
    const endedAt = Math.min(...(await Promise.all([tab1, tab2].map(async (tab) => (await times(tab)).unauthorizedAt ?? Infinity))))
    const clearedMs = (await lastClearedAt([tab1, tab2], marker)) - endedAt
    console.info(`refused refresh: both tabs clear of the user ${clearedMs} ms after the first one showed the session ended`)
    // Toasts kept until dismissed would never clear by themselves.
    expect(clearedMs).toBeLessThan(5000)

    await tab1.getByTestId('sign-in-again').click()
    await nextUserSeesOnlyTheirs(tab1, userA, marker)
  })
})
