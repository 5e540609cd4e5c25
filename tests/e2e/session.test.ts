import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { eventually, sleep, startDemoEnvironment, type DemoEnvironment } from './demo-page'

/**
 * The bell follows the app's sign-in and sign-out with no call to the store: the demo's header shows the bell
 * before anyone signs in, as most apps do, and its auth keeps the token in a `ref` the store reads.
 */
let env: DemoEnvironment
beforeAll(async () => {
  env = await startDemoEnvironment()
})
afterAll(async () => {
  await env?.close()
})

const bellStatus = (page: Page) => page.getByTestId('bell').first().getAttribute('data-status')
const badge = (page: Page) => page.getByTestId('bell').first().locator('.vsa-bell__badge')
const openStreams = async (userId: number) => (await env.api.stats()).openStreams[String(userId)] ?? 0

async function openSignedOut(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(env.server.url)
  await page.getByTestId('sign-in-user').waitFor()
  return page
}

async function signIn(page: Page, userId: number): Promise<number> {
  await page.getByTestId('sign-in-user').fill(String(userId))
  const clickedAt = Date.now()
  await page.getByTestId('sign-in-submit').click()
  await eventually(() => bellStatus(page), 5000).toBe('open')
  return Date.now() - clickedAt
}

describe('the session in Chromium', () => {
  test('a bell shown before sign-in connects on sign-in alone, and sign-out alone closes, empties and signs out the other tab', async () => {
    const context = await env.browser.newContext()
    try {
      const userId = 701
      const first = await openSignedOut(context)
      // Before sign-in: the bell is there, idle, and no stream is open.
      await first.getByTestId('bell').first().waitFor()
      expect(await bellStatus(first)).toBe('idle')
      expect(await openStreams(userId)).toBe(0)

      await env.api.publish(userId, { content: 'waiting since before sign-in' })
      // Without a connect on sign-in the bell would stay idle: signIn() waits for 'open' and fails otherwise.
      const connectMs = await signIn(first, userId)
      await eventually(() => badge(first).textContent()).toBe('1')

      // A second tab of the same user shares the stream.
      const second = await openSignedOut(context)
      await signIn(second, userId)
      await eventually(() => badge(second).textContent()).toBe('1')
      expect(await openStreams(userId)).toBe(1)

      const signedOutAt = Date.now()
      await first.getByTestId('sign-out').click()
      // The test API holds a stream open until its client leaves, so a close at all proves sign-out closed it.
      await eventually(() => openStreams(userId), 5000).toBe(0)
      const signOutMs = Date.now() - signedOutAt
      console.info(`session in Chromium: sign-in to open ${connectMs} ms, sign-out to stream closed on the server ${signOutMs} ms`)
      expect(await bellStatus(first)).toBe('idle')
      expect(await badge(first).count()).toBe(0)
      // The other tab of that user is signed out too, and forgets the alarms.
      await eventually(() => bellStatus(second)).toBe('unauthorized')
      expect(await badge(second).count()).toBe(0)

      await env.api.publish(userId, { content: 'after sign-out' })
      await sleep(500)
      for (const page of [first, second]) {
        expect(await badge(page).count()).toBe(0)
        expect(await page.content()).not.toContain('after sign-out')
        expect(await page.content()).not.toContain('waiting since before sign-in')
      }

      // The next person on this computer starts clean and sees only their own alarms.
      await env.api.publish(702, { content: 'for the next user' })
      await signIn(first, 702)
      await eventually(() => badge(first).textContent()).toBe('1')
      await first.getByTestId('bell').first().getByRole('button', { name: /^Alarms/ }).click()
      const dialog = first.getByRole('dialog')
      await dialog.getByText('for the next user').waitFor()
      expect(await dialog.textContent()).not.toContain('after sign-out')
    } finally {
      await context.close()
    }
  })
})
