import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
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
