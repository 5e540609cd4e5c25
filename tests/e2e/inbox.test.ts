import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { badgeText, eventually, openDemo, sleep, startDemoEnvironment, type DemoEnvironment, type DemoSession } from './demo-page'

let environment: DemoEnvironment
const sessions: DemoSession[] = []
const contexts: BrowserContext[] = []
let nextUserId = 700
const freshUser = () => ++nextUserId

/** Makes a tab report itself hidden, as a background tab does (Playwright shows every page as visible). */
const HIDDEN_TAB = `
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => 'hidden' })
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => true })
`

beforeAll(async () => {
  environment = await startDemoEnvironment()
})

afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()?.close()
  while (contexts.length > 0) await Promise.race([contexts.pop()?.close(), sleep(5_000)])
})

afterAll(() => environment?.close())

async function demo(userId: number): Promise<DemoSession> {
  const session = await openDemo(environment.browser, environment.server.url, userId)
  sessions.push(session)
  return session
}

/** One more tab of `context`, signed in through the demo's form, with the locators of `openDemo`. */
async function tab(context: BrowserContext, userId: number, hidden = false): Promise<Page> {
  const page = await context.newPage()
  if (hidden) await page.addInitScript(HIDDEN_TAB)
  await page.goto(environment.server.url)
  await page.getByTestId('sign-in-user').fill(String(userId))
  await page.getByTestId('sign-in-submit').click()
  await eventually(() => page.getByTestId('stream-status').textContent(), 15_000).toBe('open')
  return page
}

const pageBadge = async (page: Page) => {
  const badge = page.locator('[data-testid="bell"] .vsa-bell__badge')
  return (await badge.count()) === 0 ? '' : ((await badge.textContent()) ?? '')
}
const toastTexts = (page: Page) => page.locator('.vsa-toast__content').allTextContents()
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement
    return { role: active?.getAttribute('role') ?? active?.tagName ?? '', label: active?.getAttribute('aria-label') ?? '', text: active?.textContent?.trim() ?? '' }
  })

/** Marks alarms read on the server, as another device would. */
async function markReadOnServer(userId: number, ids: number[]): Promise<void> {
  const { accessToken } = await environment.api.login(userId)
  for (const id of ids) {
    const response = await fetch(`${environment.server.url}/api/alarms/${id}/read`, { method: 'PATCH', headers: { Authorization: `Bearer ${accessToken}` } })
    expect(response.status).toBe(204)
  }
}

describe('toasts', () => {
  it('show a new alarm only in the visible one of two tabs, and a click selects it', async () => {
    const userId = freshUser()
    const context = await environment.browser.newContext()
    contexts.push(context)
    const visible = await tab(context, userId)
    const hidden = await tab(context, userId, true)
    await environment.api.publish(userId, { content: 'Deploy finished', url: '/deploys/9' })
    await eventually(() => pageBadge(visible)).toBe('1')
    await eventually(() => pageBadge(hidden)).toBe('1')
    await eventually(() => toastTexts(visible)).toEqual(['Deploy finished'])
    await sleep(300)
    expect(await toastTexts(hidden)).toEqual([])

    await visible.locator('.vsa-toast__action').click()
    await eventually(() => visible.getByTestId('selected-alarm').textContent()).toContain('Deploy finished')
    await eventually(() => pageBadge(visible)).toBe('')
    await eventually(() => pageBadge(hidden)).toBe('')
    await eventually(() => toastTexts(visible)).toEqual([])
  })

  it('are reachable and dismissed by keyboard', async () => {
    const userId = freshUser()
    const me = await demo(userId)
    await environment.api.publish(userId, { content: 'Keyboard toast' })
    await eventually(() => toastTexts(me.page)).toEqual(['Keyboard toast'])
    // From the header, whose last control the toasts follow (where Tab starts after sign-in is the browser's choice).
    await me.page.getByTestId('sign-out').focus()
    for (let presses = 0; presses < 25 && (await focused(me.page)).text !== 'New alarmKeyboard toast'; presses++) await me.page.keyboard.press('Tab')
    expect((await focused(me.page)).text).toBe('New alarmKeyboard toast')
    await me.page.keyboard.press('Tab')
    expect((await focused(me.page)).label).toBe('Dismiss')
    await me.page.keyboard.press('Enter')
    await eventually(() => toastTexts(me.page)).toEqual([])
    expect(await badgeText(me)).toBe('1')
  })
})

describe('filters', () => {
  /** 30 alarms whose newest 20 are read: every unread one lies beyond the first page. */
  async function inboxWithOldUnread(userId: number): Promise<void> {
    const published = await environment.api.publishMany(userId, { content: 'Alarm', count: 30 })
    await markReadOnServer(userId, published.slice(10).map((alarm) => alarm.id))
  }

  async function unreadListing(me: DemoSession, listQueries: string[]): Promise<string[]> {
    await me.open()
    await me.panel.getByRole('tab', { name: /Unread/ }).click()
    await eventually(() => me.items.count()).toBe(10)
    expect(await me.panel.getByRole('tab', { name: /Unread/ }).textContent()).toBe('Unread10')
    expect(listQueries.some((query) => query.includes('unread=true'))).toBe(true)
    return me.itemTexts()
  }

  const expectedUnread = Array.from({ length: 10 }, (_, index) => `Alarm #${10 - index}`)

  function recordListQueries(page: Page): string[] {
    const queries: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname === '/api/alarms') queries.push(url.search)
    })
    return queries
  }

  it('"Unread" asks the server for unread alarms when it supports unread=true', async () => {
    const userId = freshUser()
    await inboxWithOldUnread(userId)
    const me = await demo(userId)
    const queries = recordListQueries(me.page)
    expect(await unreadListing(me, queries)).toEqual(expectedUnread)
    expect(queries.filter((query) => !query.includes('unread=true') && !query.includes('page=0'))).toEqual([])
  })

  it('"Unread" still lists every unread alarm from a backend that ignores unread=true', async () => {
    const userId = freshUser()
    await inboxWithOldUnread(userId)
    const me = await demo(userId)
    // An older backend: the parameter never reaches the server.
    await me.context.route('**/api/alarms?*', (route) => {
      const url = new URL(route.request().url())
      url.searchParams.delete('unread')
      return route.continue({ url: url.toString() })
    })
    const queries = recordListQueries(me.page)
    expect(await unreadListing(me, queries)).toEqual(expectedUnread)
    expect(queries.some((query) => query.includes('page=1'))).toBe(true)
  })

  it('switch by keyboard: arrows along the tabs, the list follows', async () => {
    const userId = freshUser()
    await environment.api.publish(userId, { content: 'a comment', type: 'COMMENT' })
    await environment.api.publish(userId, { content: 'a mention', type: 'MENTION' })
    const me = await demo(userId)
    await me.open()
    await me.page.keyboard.press('Shift+Tab')
    expect((await focused(me.page)).role).toBe('tab')
    await me.page.keyboard.press('ArrowRight')
    await me.page.keyboard.press('ArrowRight')
    expect(await me.panel.getByRole('tab', { selected: true }).textContent()).toBe('Mentions')
    expect(await me.itemTexts()).toEqual(['a mention'])
    await me.page.keyboard.press('Home')
    expect(await me.itemTexts()).toEqual(['a mention', 'a comment'])
  })
})

describe('per-item actions', () => {
  it('mark unread by keyboard, synced to the other tab without a refetch there', async () => {
    const userId = freshUser()
    const [alarm] = await environment.api.publishMany(userId, { content: 'Read it already', count: 1 })
    await markReadOnServer(userId, [alarm!.id])
    const context = await environment.browser.newContext()
    contexts.push(context)
    const first = await tab(context, userId)
    const second = await tab(context, userId)
    await sleep(300)
    const fromSecond: string[] = []
    second.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/alarms')) fromSecond.push(request.url())
    })

    await first.locator('[data-testid="bell"] button.vsa-bell__button').click()
    await first.locator('.vsa-item').first().waitFor()
    await first.keyboard.press('Tab')
    expect((await focused(first)).label).toBe('Mark as unread')
    await first.keyboard.press('Enter')
    await eventually(() => pageBadge(first)).toBe('1')
    await eventually(() => pageBadge(second)).toBe('1')
    expect((await focused(first)).label).toBe('Mark as read')
    const { accessToken } = await environment.api.login(userId)
    // The badges change before the request is answered: wait for the server, do not read it at once.
    await eventually(() => environment.api.count(accessToken)).toBe(1)
    await sleep(300)
    expect(fromSecond).toEqual([])
  })

  it('remove by keyboard: focus moves to the next alarm, and a refused remove puts the alarm back', async () => {
    const userId = freshUser()
    await environment.api.publishMany(userId, { content: 'Removable', count: 3 })
    const me = await demo(userId)
    await eventually(() => badgeText(me)).toBe('3')
    await me.open()
    await eventually(() => me.items.count()).toBe(3)
    await me.page.keyboard.press('Tab')
    await me.page.keyboard.press('Tab')
    expect((await focused(me.page)).label).toBe('Remove')
    await me.page.keyboard.press('Enter')
    await eventually(() => me.itemTexts()).toEqual(['Removable #2', 'Removable #1'])
    expect((await focused(me.page)).text).toMatch(/^Removable #2/)
    const { accessToken } = await environment.api.login(userId)
    // The list changed before the DELETE reached the server: wait for it there.
    await eventually(async () => (await environment.api.listAlarms(accessToken)).total).toBe(2)

    await me.context.route('**/api/alarms/*', (route) =>
      route.request().method() === 'DELETE' ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"boom"}' }) : route.continue(),
    )
    await me.page.keyboard.press('Tab')
    await me.page.keyboard.press('Tab')
    await me.page.keyboard.press('Enter')
    await eventually(() => me.itemTexts()).toEqual(['Removable #2', 'Removable #1'])
    // The refused DELETE never reached the server (the route answered it): its total is still the one waited for above.
    expect((await environment.api.listAlarms(accessToken)).total).toBe(2)
  })

  it('"Mark all as read" by keyboard leaves focus in the panel, where Esc still closes it', async () => {
    const userId = freshUser()
    await environment.api.publishMany(userId, { content: 'Unread', count: 2 })
    const me = await demo(userId)
    await eventually(() => badgeText(me)).toBe('2')
    await me.open()
    await eventually(() => me.items.count()).toBe(2)
    await me.page.keyboard.press('Shift+Tab')
    await me.page.keyboard.press('Shift+Tab')
    expect((await focused(me.page)).text).toBe('Mark all as read')
    await me.page.keyboard.press('Enter')
    await eventually(() => badgeText(me)).toBe('')
    await eventually(() => me.panel.getByRole('button', { name: 'Mark all as read' }).count()).toBe(0)
    await eventually(() => focused(me.page)).toMatchObject({ role: 'dialog' })
    await me.page.keyboard.press('Escape')
    await me.panel.waitFor({ state: 'detached' })
    expect(await me.page.evaluate(() => document.activeElement?.classList.contains('vsa-bell__button'))).toBe(true)
  })
})
