import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page, Request } from 'playwright-core'
import { demoEnvironmentPerFile, eventually, sleep } from './demo-page'

const { api, url, newContext } = demoEnvironmentPerFile()
let nextUserId = 500

const freshUser = () => ++nextUserId

/** One more tab of `context`, signed in as `userId` through the demo's form. */
async function openTab(context: BrowserContext, userId: number): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url())
  await page.getByTestId('sign-in-user').fill(String(userId))
  await page.getByTestId('sign-in-submit').click()
  await eventually(() => page.getByTestId('stream-status').textContent(), 15_000).toBe('open')
  return page
}

async function badge(page: Page): Promise<string> {
  const badgeLocator = page.locator('[data-testid="bell"] .vsa-bell__badge')
  return (await badgeLocator.count()) === 0 ? '' : ((await badgeLocator.textContent()) ?? '')
}

/** How many of `tabs` say they hold the stream (the others only listen). */
async function holders(tabs: Page[]): Promise<number> {
  const answers = await Promise.all(tabs.map((tab) => tab.getByTestId('holds-stream').textContent()))
  return answers.filter((answer) => answer === 'yes').length
}

async function openStreamsOf(userId: number): Promise<number> {
  return (await api.stats()).openStreams[String(userId)] ?? 0
}

/** Alarm texts of the open panel in `page`. */
async function listedAlarms(page: Page): Promise<string[]> {
  const button = page.locator('[data-testid="bell"] button.vsa-bell__button')
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
  return page.locator('[data-testid="bell"] .vsa-item .vsa-item__content').allTextContents()
}

describe('one stream per browser, shared by the tabs of a user', () => {
  it('opens exactly one stream for 4 tabs of one user, and a publish shows in all 4', async () => {
    const user = freshUser()
    const context = await newContext()
    const tabs: Page[] = []
    for (let index = 0; index < 4; index++) tabs.push(await openTab(context, user))

    await sleep(300)
    expect(await openStreamsOf(user)).toBe(1)
    expect(await holders(tabs)).toBe(1)

    await api.publish(user, { content: 'Shared to every tab' })
    for (const tab of tabs) await eventually(() => badge(tab)).toBe('1')
    expect(await openStreamsOf(user)).toBe(1)
  })

  it('hands the stream to another tab when the leader closes, and an alarm published meanwhile reaches every tab once', async () => {
    const user = freshUser()
    const context = await newContext()
    // The first tab asked for the lock first, so it holds the stream.
    const [leader, ...followers] = [await openTab(context, user), await openTab(context, user), await openTab(context, user)]
    await eventually(() => openStreamsOf(user)).toBe(1)
    const subscribesBefore = (await api.stats()).requests['GET /api/subscribe'] ?? 0

    const closedAt = performance.now()
    await leader!.close()
    await api.publish(user, { content: 'Published during the hand-over' })
    await eventually(async () => {
      const stats = await api.stats()
      return (stats.requests['GET /api/subscribe'] ?? 0) > subscribesBefore && (stats.openStreams[String(user)] ?? 0) === 1
    }, 5_000).toBe(true)
    const handOverMs = performance.now() - closedAt
    // The lock is the only way a follower opens the stream, so a stream at all proves the hand-over.
    console.info(`tabs: stream handed over ${handOverMs.toFixed(0)} ms after the leader tab closed`)

    await eventually(() => holders(followers)).toBe(1)
    for (const tab of followers) {
      await eventually(() => badge(tab)).toBe('1')
      expect(await listedAlarms(tab)).toEqual(['Published during the hand-over'])
    }
  })

  it('marks read in tab A and drops tab B’s badge without a list request from B', async () => {
    const user = freshUser()
    const context = await newContext()
    const tabA = await openTab(context, user)
    const tabB = await openTab(context, user)
    // B may refresh after the alarm (one coalesced list + count, started at most `refreshMaxWaitMs` = 1 s after
    // it). Wait until B has been quiet that long with nothing in flight, however slow the machine, so that only
    // requests caused by the mark-read below are counted.
    // A set, not a counter: a request B started before these listeners finishes after them, and must not count.
    const settling = { inFlight: new Set<Request>(), lastActivity: Date.now() }
    const isAlarmsRequest = (url: string) => new URL(url).pathname.startsWith('/api/alarms')
    tabB.on('request', (request) => {
      if (!isAlarmsRequest(request.url())) return
      settling.inFlight.add(request)
      settling.lastActivity = Date.now()
    })
    const finished = (request: Request) => {
      if (!isAlarmsRequest(request.url())) return
      settling.inFlight.delete(request)
      settling.lastActivity = Date.now()
    }
    tabB.on('requestfinished', finished)
    tabB.on('requestfailed', finished)
    await api.publish(user, { content: 'Read me once' })
    await eventually(() => badge(tabA)).toBe('1')
    await eventually(() => badge(tabB)).toBe('1')
    await eventually(() => settling.inFlight.size === 0 && Date.now() - settling.lastActivity > 1_000).toBe(true)

    const requestsFromB: string[] = []
    tabB.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/alarms')) requestsFromB.push(request.url())
    })
    await listedAlarms(tabA)
    await tabA.locator('[data-testid="bell"] .vsa-item').first().click()
    await eventually(() => badge(tabA)).toBe('')
    await eventually(() => badge(tabB)).toBe('')
    await sleep(300)
    expect(requestsFromB).toEqual([])
  })

  it('keeps two users in two contexts on two streams with no cross-talk', async () => {
    const alice = freshUser()
    const bob = freshUser()
    const aliceTab = await openTab(await newContext(), alice)
    const bobTab = await openTab(await newContext(), bob)
    expect(await openStreamsOf(alice)).toBe(1)
    expect(await openStreamsOf(bob)).toBe(1)

    await api.publish(alice, { content: 'For Alice only' })
    await api.publish(bob, { content: 'For Bob only' })
    await eventually(() => badge(aliceTab)).toBe('1')
    await eventually(() => badge(bobTab)).toBe('1')
    expect(await listedAlarms(aliceTab)).toEqual(['For Alice only'])
    expect(await listedAlarms(bobTab)).toEqual(['For Bob only'])
  })

  it('signs every tab out when one tab signs out', async () => {
    const user = freshUser()
    const context = await newContext()
    const tabA = await openTab(context, user)
    const tabB = await openTab(context, user)
    await tabA.getByTestId('sign-out').click()
    // The demo reloads on sign-out; let that navigation finish before anything closes the context.
    await tabA.getByTestId('sign-in-user').waitFor({ timeout: 10_000 })
    await eventually(() => tabB.getByTestId('stream-status').textContent()).toBe('unauthorized')
    await eventually(() => openStreamsOf(user)).toBe(0)
  })
})

describe('offline and online', () => {
  it('shows offline without retrying while the network is down, and reconnects at once when it is back', async () => {
    const user = freshUser()
    const context = await newContext()
    const page = await openTab(context, user)
    const devtools = await context.newCDPSession(page)
    await devtools.send('Network.enable')
    // Attempts the page makes, seen in the browser: those that never reach the server while offline count too.
    let streamAttempts = 0
    devtools.on('Network.requestWillBeSent', (event) => {
      if (event.request.url.includes('/api/subscribe')) streamAttempts++
    })
    const conditions = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 }

    await devtools.send('Network.emulateNetworkConditions', { offline: true, ...conditions })
    await eventually(() => page.getByTestId('stream-status').textContent()).toBe('offline')
    const attemptsWhenOffline = streamAttempts
    // Longer than the first backoff step (1 s): a retry timer running while offline would have tried by now.
    await sleep(1_500)
    expect(streamAttempts).toBe(attemptsWhenOffline)
    await api.publish(user, { content: 'Published while offline' })

    // With no retry timer pending, only the `online` event can reconnect.
    const onlineAt = performance.now()
    await devtools.send('Network.emulateNetworkConditions', { offline: false, ...conditions })
    await eventually(() => page.getByTestId('stream-status').textContent(), 5_000).toBe('open')
    expect(streamAttempts).toBe(attemptsWhenOffline + 1)
    console.info(`tabs: open again ${(performance.now() - onlineAt).toFixed(0)} ms after going back online`)
    await eventually(() => badge(page)).toBe('1')
    expect(await listedAlarms(page)).toEqual(['Published while offline'])
  })
})
