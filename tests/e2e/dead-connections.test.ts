import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi } from '../helpers/test-server'
import { eventually, openDemo, sleep, startDemoEnvironment, type DemoEnvironment } from './demo-page'

/**
 * With one stream per browser the tab holding it may be a background tab, whose timers the browser throttles
 * (Chrome runs a hidden page's chained timers once a minute after five minutes). Headless Chromium does not
 * throttle, so the hidden leader here gets that treatment by hand: its page is hidden and its timers of 100 ms
 * or more wait a minute. The visible tab must still show an alarm published while the leader's stream was down.
 */
let env: DemoEnvironment
beforeAll(async () => {
  env = await startDemoEnvironment()
})
afterAll(async () => {
  await env?.close()
})

/** Hides the page and throttles its timers the way Chrome's intensive throttling does. */
async function hideAndThrottle(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
    const original = window.setTimeout.bind(window)
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      original(handler, (ms ?? 0) >= 100 ? 60_000 : ms, ...args)) as typeof window.setTimeout
    document.dispatchEvent(new Event('visibilitychange'))
  })
}

const holdsStream = (page: Page) => page.getByTestId('holds-stream').textContent()

describe('a hidden tab holding the stream', () => {
  test('does not keep the visible tab waiting: an alarm published while its stream was down shows before the throttled minute', async () => {
    const userId = 801
    const leader = await openDemo(env.browser, env.server.url, userId)
    try {
      await eventually(() => holdsStream(leader.page)).toBe('yes')
      const page = await leader.context.newPage()
      await page.goto(env.server.url)
      await page.getByTestId('sign-in-user').fill(String(userId))
      await page.getByTestId('sign-in-submit').click()
      await eventually(() => page.getByTestId('stream-status').textContent()).toBe('open')
      expect(await holdsStream(page)).toBe('no')

      await hideAndThrottle(leader.page)
      await env.api.fault({ type: 'drop' })
      const published = await env.api.publish(userId, { content: 'while the leader slept' })
      const publishedAt = Date.now()
      // Waiting on the leader's throttled timers would take a minute; 10 s tells the two apart on a busy machine.
      await eventually(() => page.getByTestId('loaded-count').textContent(), 10_000).toBe('1')
      console.info(`dead connections: shown ${Date.now() - publishedAt} ms after publishing, the leader hidden and throttled`)
      expect(await holdsStream(page)).toBe('no')
      expect((await env.api.stats()).openStreams[String(userId)]).toBe(1)
      expect(published.content).toBe('while the leader slept')
    } finally {
      await leader.close()
    }
  })
})

describe('a stream that a proxy silently stopped forwarding', () => {
  test('is noticed from the heartbeats with default options: the alarm published into the blackhole shows within 5 s', async () => {
    const server = await startTestApi({ staticDir: 'dist-demo', heartbeatMs: 1000 })
    try {
      const userId = 802
      const me = await openDemo(env.browser, server.url, userId)
      const api = createTestApiClient(server.url)
      try {
        // Two beats teach the watchdog the interval.
        await sleep(2500)
        await api.blackhole()
        await api.publish(userId, { content: 'into the blackhole' })
        const publishedAt = Date.now()
        await eventually(() => me.page.getByTestId('loaded-count').textContent(), 8000).toBe('1')
        expect(Date.now() - publishedAt).toBeLessThan(5000)
      } finally {
        await me.close()
      }
    } finally {
      await server.close()
    }
  })
})
