import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { eventually } from '../e2e/demo-page'
import type { TestApiClient } from '../helpers/test-api-client'

/** What a proxy check runs against: a built Nuxt app (the fixture's page) in front of the test API. */
export interface ProxyCheckTarget {
  /** The app's own server. */
  appUrl: string
  /** The test API the app's proxy forwards to: it counts open streams per user. */
  api: TestApiClient
  browser: Browser
  /** Two users no other test uses: one signs out, the other closes the tab (a leaked stream stays counted). */
  userIds: { signOut: number; tabClose: number }
  /** How long to watch for the upstream stream to close before calling it leaked. @default 5000 */
  watchMs?: number
}

/** How long the upstream stream stayed open after the browser left; null: still open when watching stopped. */
export interface ProxyCloseTimes {
  afterSignOutMs: number | null
  afterTabClosedMs: number | null
}

const POLL_MS = 25

async function openStreams(api: TestApiClient, userId: number): Promise<number> {
  return (await api.stats()).openStreams[String(userId)] ?? 0
}

/** Milliseconds until the test API counts no stream for the user, or null when one is still open after `watchMs`. */
async function timeUntilClosed(api: TestApiClient, userId: number, watchMs: number): Promise<number | null> {
  const start = performance.now()
  while (performance.now() - start < watchMs) {
    if ((await openStreams(api, userId)) === 0) return Math.round(performance.now() - start)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  return (await openStreams(api, userId)) === 0 ? Math.round(performance.now() - start) : null
}

/** Signs in through the fixture's form and waits until the stream is open, in the page and at the API. */
async function signInAndStream(context: BrowserContext, target: ProxyCheckTarget, userId: number): Promise<Page> {
  const page = await context.newPage()
  await page.goto(target.appUrl)
  await page.locator('main[data-mounted="yes"]').waitFor({ timeout: 15_000 })
  await page.getByTestId('user').fill(String(userId))
  await page.getByTestId('sign-in').click()
  await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 15_000, interval: 50 }).toBe('open')
  await expect.poll(() => openStreams(target.api, userId), { timeout: 5_000, interval: 50 }).toBe(1)
  return page
}

/**
 * Measures how long the API keeps the user's stream open after the browser leaves: once after signing out in
 * the page, once after closing the tab. Reusable for any Nuxt app built from the fixture's pages (Nuxt 3, Nuxt 4).
 */
export async function measureProxyClose(target: ProxyCheckTarget): Promise<ProxyCloseTimes> {
  const watchMs = target.watchMs ?? 5_000
  const signOutContext = await target.browser.newContext()
  let afterSignOutMs: number | null
  try {
    const page = await signInAndStream(signOutContext, target, target.userIds.signOut)
    await page.getByTestId('sign-out').click()
    afterSignOutMs = await timeUntilClosed(target.api, target.userIds.signOut, watchMs)
  } finally {
    await signOutContext.close()
  }

  const tabContext = await target.browser.newContext()
  let afterTabClosedMs: number | null
  try {
    const page = await signInAndStream(tabContext, target, target.userIds.tabClose)
    await page.close()
    afterTabClosedMs = await timeUntilClosed(target.api, target.userIds.tabClose, watchMs)
  } finally {
    await tabContext.close()
  }
  return { afterSignOutMs, afterTabClosedMs }
}

/** A built app served in front of the test API, and the API's client: what the proxy checks below run against. */
export interface ProxiedApp {
  appUrl: string
  api: TestApiClient
  browser: Browser
  nextUserId(): number
  /** Names the release in the printed times, e.g. 'Nuxt 3'. */
  label: string
}

/** `alarms.proxy`: the upstream stream closes when the browser leaves (sign-out, closed tab), within the 5 s that a
 * `routeRules` proxy keeps it open (see checkRouteRulesProxyLeaks). */
export async function checkProxyCloses(app: ProxiedApp): Promise<void> {
  const times = await measureProxyClose({ appUrl: app.appUrl, api: app.api, browser: app.browser, userIds: { signOut: app.nextUserId(), tabClose: app.nextUserId() } })
  process.stdout.write(`${app.label} alarms.proxy: upstream closed ${times.afterSignOutMs} ms after sign-out, ${times.afterTabClosedMs} ms after the tab closed\n`)
  expect(times.afterSignOutMs).not.toBeNull()
  expect(times.afterTabClosedMs).not.toBeNull()
}

/** `alarms.proxy`: events pass as written, uncompressed; auth headers go up and refusals come back as they were. */
export async function checkProxyStreaming(app: ProxiedApp): Promise<void> {
  const { api, appUrl } = app
  const userId = app.nextUserId()
  const { accessToken } = await api.login(userId)
  expect((await fetch(`${appUrl}/api/subscribe`)).status).toBe(401)

  await api.fault({ type: 'status', status: 403, count: 1 })
  const refused = await fetch(`${appUrl}/api/subscribe`, { headers: { authorization: `Bearer ${accessToken}` } })
  expect(refused.status).toBe(403)

  await api.resetStats()
  const stream = new AbortController()
  const response = await fetch(`${appUrl}/api/subscribe`, {
    headers: { authorization: `Bearer ${accessToken}`, 'last-event-id': `${userId}_1`, accept: 'text/event-stream', 'accept-encoding': 'gzip, br' },
    signal: stream.signal,
  })
  try {
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('content-encoding')).toBeNull()
    expect(response.headers.get('x-accel-buffering')).toBe('no')
    // The handshake event arrives as it is written, before the stream ends.
    const first = await response.body!.getReader().read()
    expect(new TextDecoder().decode(first.value)).toContain('EventStream Created')
    const logged = (await api.stats()).requestLog.find((entry) => entry.path.startsWith('/api/subscribe'))
    expect(logged).toMatchObject({ auth: 'Authorization: Bearer', lastEventId: `${userId}_1`, userId })
  } finally {
    stream.abort()
  }
  await eventually(async () => (await api.stats()).openStreams[String(userId)] ?? 0, 5_000).toBe(0)
}

/** `alarms.proxy` with a cookie session and CSRF: Set-Cookie comes back, Cookie and X-XSRF-TOKEN go up. */
export async function checkProxyCookieCsrf(app: ProxiedApp): Promise<void> {
  const { api, appUrl } = app
  const login = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: app.nextUserId() }) })
  expect(login.status).toBe(200)
  const cookies = new Map(login.headers.getSetCookie().map((header) => header.split(';')[0]!.split('=') as [string, string]))
  expect(cookies.has('SESSION')).toBe(true)
  expect(cookies.has('XSRF-TOKEN')).toBe(true)
  const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')

  const withoutToken = await fetch(`${appUrl}/api/alarms/read-all`, { method: 'PATCH', headers: { cookie } })
  expect(withoutToken.status).toBe(403)
  await api.resetStats()
  const withToken = await fetch(`${appUrl}/api/alarms/read-all`, { method: 'PATCH', headers: { cookie, 'x-xsrf-token': cookies.get('XSRF-TOKEN')! } })
  expect(withToken.ok).toBe(true)
  expect((await api.stats()).requestLog.at(-1)).toMatchObject({ auth: 'cookie', xsrf: true })
}

/** Nitro's plain `routeRules` proxy, for comparison: the upstream stream is still open 5 s after the browser left. */
export async function checkRouteRulesProxyLeaks(app: ProxiedApp): Promise<void> {
  const times = await measureProxyClose({ appUrl: app.appUrl, api: app.api, browser: app.browser, userIds: { signOut: app.nextUserId(), tabClose: app.nextUserId() }, watchMs: 5_000 })
  process.stdout.write(`${app.label} routeRules proxy: upstream after sign-out ${times.afterSignOutMs ?? 'still open at 5000'} ms, after tab closed ${times.afterTabClosedMs ?? 'still open at 5000'} ms\n`)
  expect(times).toEqual({ afterSignOutMs: null, afterTabClosedMs: null })
}
