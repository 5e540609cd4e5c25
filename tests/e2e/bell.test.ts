import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { TestServer } from '../helpers/test-server'
import type { TestApiClient } from '../helpers/test-api-client'
import { badgeText, eventually, openDemo, sleep, startDemoEnvironment, type DemoEnvironment, type DemoSession } from './demo-page'

let environment: DemoEnvironment | undefined
let server: TestServer
let browser: Browser
let api: TestApiClient
const sessions: DemoSession[] = []
let nextUserId = 100

/** A user id no other test uses, so every test starts from an empty inbox. */
const freshUser = () => ++nextUserId

async function demo(userId: number, options?: Parameters<typeof openDemo>[3]): Promise<DemoSession> {
  const session = await openDemo(browser, server.url, userId, options)
  sessions.push(session)
  return session
}

async function serverUnread(userId: number): Promise<number> {
  const { accessToken } = await api.login(userId)
  return api.count(accessToken)
}

beforeAll(async () => {
  environment = await startDemoEnvironment()
  ;({ server, api, browser } = environment)
})

afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()?.close()
  await api.resetFaults()
})

afterAll(() => environment?.close())

describe('the bell in the demo, in Chromium against the test API', () => {
  it('shows a published alarm as badge 1 on a lit bell without a reload, and opening lists it and clears the lit state', async () => {
    const me = await demo(freshUser())
    expect(await badgeText(me)).toBe('')
    await me.page.getByTestId('publish-content').fill('Lee replied to your post')
    await me.page.getByTestId('publish-url').fill('/posts/42')
    await me.page.getByTestId('publish-submit').click()

    await eventually(() => badgeText(me)).toBe('1')
    expect(await me.bellButton.getAttribute('data-lit')).toBe('true')
    expect(await me.bellButton.getAttribute('aria-label')).toBe('Alarms, 1 unread')
    await eventually(() => me.page.getByTestId('toasts').locator('.vsa-toast__content').allTextContents()).toEqual(['Lee replied to your post'])

    await me.open()
    expect(await me.itemTexts()).toEqual(['Lee replied to your post'])
    expect(await me.bellButton.getAttribute('data-lit')).toBe('false')
    expect(await me.items.first().locator('.vsa-item__time').textContent()).toBe('now')
    expect(await me.items.first().locator('[data-alarm-action]').getAttribute('href')).toBe('/posts/42')
  })

  it('marks an alarm read on select: the badge drops to 0 and the server agrees', async () => {
    const userId = freshUser()
    await api.publishMany(userId, { content: 'Review requested', url: '/reviews/7', count: 2 })
    const me = await demo(userId)
    await eventually(() => badgeText(me)).toBe('2')
    await me.open()
    await me.items.filter({ hasText: 'Review requested #2' }).locator('[data-alarm-action]').click()
    await eventually(() => badgeText(me)).toBe('1')
    expect(await me.page.getByTestId('selected-alarm').textContent()).toContain('Review requested #2')
    await me.panel.waitFor({ state: 'detached' })
    await me.open()
    await me.items.filter({ hasText: 'Review requested #1' }).locator('[data-alarm-action]').click()
    await eventually(() => badgeText(me)).toBe('')
    expect(await me.bellButton.getAttribute('aria-label')).toBe('Alarms, 0 unread')
    await eventually(() => serverUnread(userId)).toBe(0)
    expect(await me.bell.locator('.vsa-item.is-unread').count()).toBe(0)
  })

  it('marks all as read', async () => {
    const userId = freshUser()
    await api.publishMany(userId, { content: 'Build failed', count: 5 })
    const me = await demo(userId)
    await eventually(() => badgeText(me)).toBe('5')
    await me.open()
    await me.panel.getByRole('button', { name: 'Mark all as read' }).click()
    await eventually(() => badgeText(me)).toBe('')
    await eventually(() => serverUnread(userId)).toBe(0)
    expect(await me.bell.locator('.vsa-item.is-unread').count()).toBe(0)
    expect(await me.panel.getByRole('button', { name: 'Mark all as read' }).count()).toBe(0)
  })

  it('loads more past the first page until every alarm is listed once', async () => {
    const userId = freshUser()
    await api.publishMany(userId, { content: 'Digest', count: 45 })
    const me = await demo(userId)
    await me.open()
    await eventually(() => me.items.count()).toBe(20)
    expect(await badgeText(me)).toBe('45')
    const loadMore = me.panel.getByRole('button', { name: 'Load more' })
    // The button may vanish mid-loop when the infinite-scroll sentinel fetched the last page first.
    for (let round = 0; round < 10 && (await me.items.count()) < 45; round++) {
      await loadMore.click({ timeout: 2_000 }).catch(() => {})
      await sleep(150)
    }
    await eventually(() => me.items.count()).toBe(45)
    const texts = await me.itemTexts()
    expect(new Set(texts).size).toBe(45)
    expect(texts[0]).toBe('Digest #45')
    expect(texts[44]).toBe('Digest #1')
    expect(await loadMore.count()).toBe(0)
  })

  it('loads the next page by scrolling to the bottom of the list', async () => {
    const userId = freshUser()
    await api.publishMany(userId, { content: 'Scroll', count: 30 })
    const me = await demo(userId)
    await me.open()
    await eventually(() => me.items.count()).toBe(20)
    await me.items.last().scrollIntoViewIfNeeded()
    await me.panel.locator('.vsa-panel__scroller').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight))
    await eventually(() => me.items.count()).toBe(30)
  })

  it('renders an HTML payload as text and never runs it', async () => {
    const userId = freshUser()
    const payload = '<img src=x onerror=window.__xss=1>'
    const me = await demo(userId)
    await api.publish(userId, { content: payload, url: 'javascript:window.__xss=2' })
    await eventually(() => badgeText(me)).toBe('1')
    const toasts = me.page.getByTestId('toasts')
    await eventually(() => toasts.locator('.vsa-toast__content').allTextContents()).toEqual([payload])
    expect(await toasts.locator('img').count()).toBe(0)
    expect(await toasts.locator('a[href]').count()).toBe(0)
    await me.open()
    expect(await me.itemTexts()).toEqual([payload])
    expect(await me.panel.locator('img').count()).toBe(0)
    const action = me.items.first().locator('[data-alarm-action]')
    expect(await action.getAttribute('href')).toBeNull()
    await action.click()
    await sleep(300)
    expect(await me.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  })

  it('keeps two users apart: neither ever sees the other’s alarms', async () => {
    const aliceId = freshUser()
    const bobId = freshUser()
    const [alice, bob] = await Promise.all([demo(aliceId), demo(bobId)])
    await api.publish(aliceId, { content: 'for Alice' })
    await api.publish(bobId, { content: 'for Bob' })
    // Alice publishes to Bob from the demo's side panel.
    await alice.page.getByTestId('publish-to-other').check()
    await alice.page.getByTestId('publish-user').fill(String(bobId))
    await alice.page.getByTestId('publish-content').fill('from Alice to Bob')
    await alice.page.getByTestId('publish-submit').click()

    await eventually(() => badgeText(bob)).toBe('2')
    await eventually(() => badgeText(alice)).toBe('1')
    await Promise.all([alice.open(), bob.open()])
    // The lists follow the badges by one coalesced refresh, however slow the machine.
    await eventually(() => alice.itemTexts()).toEqual(['for Alice'])
    await eventually(async () => (await bob.itemTexts()).sort()).toEqual(['for Bob', 'from Alice to Bob'])
    const stats = await api.stats()
    expect(stats.openStreams[String(aliceId)]).toBe(1)
    expect(stats.openStreams[String(bobId)]).toBe(1)
  })

  it('shows an alarm published while the stream was down exactly once after the reconnect', async () => {
    const userId = freshUser()
    const me = await demo(userId)
    await api.publish(userId, { content: 'before the outage' })
    await eventually(() => badgeText(me)).toBe('1')
    // Keep the next two reconnects failing so the publish lands in a real outage.
    await api.fault([{ type: 'status', status: 503, retryAfter: 1, count: 2 }, { type: 'drop' }])
    await eventually(() => me.streamStatus.textContent()).not.toBe('open')
    await api.publish(userId, { content: 'during the outage' })
    await eventually(() => me.streamStatus.textContent(), 20_000).toBe('open')
    await eventually(() => badgeText(me), 10_000).toBe('2')
    await me.open()
    await sleep(1_000)
    const texts = await me.itemTexts()
    expect(texts.filter((text) => text === 'during the outage')).toHaveLength(1)
    expect(texts).toEqual(['during the outage', 'before the outage'])
    expect((await api.stats()).openStreams[String(userId)]).toBe(1)
  })

  it('refreshes an expired token mid-stream and stays live', async () => {
    const userId = freshUser()
    const me = await demo(userId)
    await api.resetStats()
    await api.fault([{ type: 'expireTokens' }, { type: 'drop' }])
    await eventually(async () => (await api.stats()).requests['POST /api/auth/refresh'] ?? 0, 10_000).toBeGreaterThanOrEqual(1)
    await eventually(() => me.streamStatus.textContent(), 15_000).toBe('open')
    await api.publish(userId, { content: 'after the refresh' })
    await eventually(() => badgeText(me)).toBe('1')
    expect(await me.page.getByTestId('session-expired').count()).toBe(0)
    const stats = await api.stats()
    expect(stats.openStreams[String(userId)]).toBe(1)
    expect(stats.requests['POST /api/auth/refresh']).toBeLessThanOrEqual(2)
  })

  it('shows the signed-out state when the refresh is refused, and stops asking', async () => {
    const userId = freshUser()
    const me = await demo(userId)
    await me.page.getByTestId('revoke-refresh').click()
    await api.resetStats()
    await api.fault([{ type: 'expireTokens' }, { type: 'drop' }])
    await eventually(() => me.bell.getAttribute('data-status'), 15_000).toBe('unauthorized')
    expect(await me.bellButton.getAttribute('aria-label')).toBe('Alarms, signed out')
    await me.page.getByTestId('session-expired').waitFor({ state: 'visible' })
    await me.open()
    expect(await me.panel.locator('.vsa-panel__banner.is-signed-out').textContent()).toContain('Signed out')

    const settled = await api.stats()
    await sleep(3_000)
    const later = await api.stats()
    expect(later.requests).toEqual(settled.requests)
    expect(later.requests['GET /api/subscribe'] ?? 0).toBeLessThanOrEqual(3)
    expect(later.requests['POST /api/auth/refresh'] ?? 0).toBeLessThanOrEqual(2)
    expect(later.openStreams[String(userId)] ?? 0).toBe(0)
  })

  it('works by keyboard alone: open, move, select, close, and Tab leaves the panel', async () => {
    const userId = freshUser()
    await api.publishMany(userId, { content: 'Keyboard', count: 3 })
    const me = await demo(userId)
    await eventually(() => badgeText(me)).toBe('3')
    const focusedIsBell = () => me.page.evaluate(() => document.activeElement?.classList.contains('vsa-bell__button') ?? false)
    const focusedText = () => me.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')

    for (let presses = 0; presses < 80 && !(await focusedIsBell()); presses++) await me.page.keyboard.press('Tab')
    expect(await focusedIsBell()).toBe(true)

    await me.page.keyboard.press('Enter')
    await me.panel.waitFor({ state: 'visible' })
    expect(await focusedText()).toMatch(/^Keyboard #3/)
    await me.page.keyboard.press('ArrowDown')
    expect(await focusedText()).toMatch(/^Keyboard #2/)
    await me.page.keyboard.press('ArrowDown')
    await me.page.keyboard.press('ArrowUp')
    expect(await focusedText()).toMatch(/^Keyboard #2/)
    await me.page.keyboard.press('Enter')
    await eventually(() => me.page.getByTestId('selected-alarm').textContent()).toContain('Keyboard #2')
    await eventually(() => badgeText(me)).toBe('2')
    // A selection closes the panel and gives focus back to the bell.
    await me.panel.waitFor({ state: 'detached' })
    expect(await focusedIsBell()).toBe(true)

    await me.page.keyboard.press('Enter')
    await me.panel.waitFor({ state: 'visible' })
    await me.page.keyboard.press('Escape')
    await me.panel.waitFor({ state: 'detached' })
    expect(await focusedIsBell()).toBe(true)
    expect(await me.bellButton.getAttribute('aria-expanded')).toBe('false')

    await me.page.keyboard.press('Space')
    await me.panel.waitFor({ state: 'visible' })
    for (let presses = 0; presses < 12 && (await me.panel.count()) > 0; presses++) await me.page.keyboard.press('Tab')
    expect(await me.panel.count()).toBe(0)
    expect(await me.page.evaluate(() => document.activeElement?.closest('[data-testid="bell"]') === null)).toBe(true)
  })

  it('closes on a click outside the bell', async () => {
    const me = await demo(freshUser())
    await me.open()
    await me.page.getByRole('heading', { name: 'Publish' }).click()
    await me.panel.waitFor({ state: 'detached' })
    expect(await me.bellButton.getAttribute('aria-expanded')).toBe('false')
  })

  it('exposes roles, names and states to assistive technology', async () => {
    const userId = freshUser()
    await api.publishMany(userId, { content: 'Audit', count: 2 })
    const me = await demo(userId)
    await eventually(() => badgeText(me)).toBe('2')
    expect(await me.bellButton.getAttribute('aria-expanded')).toBe('false')
    const controls = await me.bellButton.getAttribute('aria-controls')
    expect(controls).toMatch(/^vsa-panel-/)
    await me.open()
    const audit = await me.page.evaluate((panelId) => {
      const root = document.querySelector('[data-testid="bell"]')!
      const button = root.querySelector('button.vsa-bell__button')!
      const panel = document.getElementById(panelId)
      const actions = Array.from(root.querySelectorAll<HTMLElement>('[data-alarm-action]'))
      const buttons = Array.from(root.querySelectorAll('button'))
      return {
        buttonRole: button.tagName,
        name: button.getAttribute('aria-label'),
        expanded: button.getAttribute('aria-expanded'),
        panelRole: panel?.getAttribute('role'),
        panelName: panel?.getAttribute('aria-label'),
        heading: panel?.querySelector('h2')?.textContent,
        svgHidden: root.querySelector('svg')?.getAttribute('aria-hidden'),
        badgeHidden: root.querySelector('.vsa-bell__badge')?.getAttribute('aria-hidden'),
        live: Array.from(root.querySelectorAll('[aria-live]')).map((node) => node.getAttribute('aria-live')),
        listTag: root.querySelector('.vsa-panel__list')?.tagName,
        listItems: root.querySelectorAll('.vsa-panel__list > li').length,
        tabStops: actions.filter((action) => action.tabIndex === 0).length,
        actionNames: actions.map((action) => action.textContent?.trim() ?? ''),
        unnamedButtons: buttons.filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim())).length,
        unreadMarkers: Array.from(root.querySelectorAll('.vsa-item__unread')).map((marker) => `${marker.getAttribute('role')}:${marker.getAttribute('aria-label')}`),
      }
    }, controls!)
    expect(audit).toEqual({
      buttonRole: 'BUTTON',
      name: 'Alarms, 2 unread',
      expanded: 'true',
      panelRole: 'dialog',
      panelName: 'Alarms',
      heading: 'Alarms',
      svgHidden: 'true',
      badgeHidden: 'true',
      live: ['polite'],
      listTag: 'UL',
      listItems: 2,
      tabStops: 1,
      actionNames: [expect.stringMatching(/^Audit #2/), expect.stringMatching(/^Audit #1/)],
      unnamedButtons: 0,
      unreadMarkers: ['img:Unread', 'img:Unread'],
    })
  })

  it('animates the lit bell, except under prefers-reduced-motion', async () => {
    const animationOf = (session: DemoSession) =>
      session.bell.locator('.vsa-bell__icon').evaluate((icon) => getComputedStyle(icon).animationName)
    const movingId = freshUser()
    const stillId = freshUser()
    const moving = await demo(movingId)
    const still = await demo(stillId, { reducedMotion: 'reduce' })
    await api.publish(movingId, { content: 'ring' })
    await api.publish(stillId, { content: 'ring' })
    await eventually(() => moving.bellButton.getAttribute('data-lit')).toBe('true')
    await eventually(() => still.bellButton.getAttribute('data-lit')).toBe('true')
    expect(await animationOf(moving)).toMatch(/vsa-ring/)
    expect(await animationOf(still)).toBe('none')
  })
})
