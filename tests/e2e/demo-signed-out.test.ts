import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium, type LaunchedBrowser } from '../helpers/browser'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { eventually } from './demo-page'

let launched: LaunchedBrowser
let browser: Browser
let api: TestServer

beforeAll(async () => {
  // A Bearer backend (the test API's default), serving the built demo.
  api = await startTestApi({ staticDir: 'dist-demo' })
  launched = await launchChromium()
  browser = launched.browser
})

afterAll(async () => {
  await launched?.close()
  await api?.close()
})

describe('the demo page', () => {
  test('signed out, the bell says to sign in, offers no notifications, and the page loads with no 404', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const notFound: string[] = []
      const consoleErrors: string[] = []
      page.on('response', (response) => response.status() === 404 && notFound.push(response.url()))
      page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
      await page.goto(api.url)
      await page.getByTestId('sign-in-form').waitFor()
      const bell = page.getByTestId('bell')
      await bell.locator('button.vsa-bell__button').click()
      const panel = bell.getByRole('dialog')
      await panel.waitFor({ state: 'visible' })

      await eventually(() => panel.textContent()).toContain('Sign in to see your alarms')
      expect(await panel.textContent()).not.toContain('No alarms yet')
      expect(await panel.locator('.vsa-panel__notify').count()).toBe(0)
      expect(await page.locator('link[rel="icon"]').count()).toBe(1)
      expect(notFound).toEqual([])
      expect(consoleErrors).toEqual([])
    } finally {
      await context.close()
    }
  })

  test('with ?auth=raw against a Bearer backend, it shows the refused-credential error after at most 2 refreshes', async () => {
    const client = createTestApiClient(api.url)
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`${api.url}/?auth=raw`)
      await page.getByTestId('sign-in-user').fill('4301')
      await client.resetStats()
      await page.getByTestId('sign-in-submit').click()

      const message = page.getByTestId('session-error')
      await eventually(() => message.count(), 15_000).toBe(1)
      expect(await message.textContent()).toContain('the backend refuses the renewed credential: check `authHeaders` / `credentials`')
      expect(await page.getByTestId('stream-status').textContent()).toBe('unauthorized')
      const log = (await client.stats()).requestLog
      const refreshes = log.filter((entry) => entry.path === '/api/auth/refresh').length
      expect(refreshes).toBeGreaterThanOrEqual(1)
      expect(refreshes).toBeLessThanOrEqual(2)
      expect(log.filter((entry) => entry.path.startsWith('/api/subscribe')).every((entry) => entry.status === 401)).toBe(true)
    } finally {
      await context.close()
    }
  })
})
