import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import type { AuthOption } from '../../server/index'
import { chromiumPerSuite } from '../helpers/chromium-per-suite'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { eventually } from './demo-page'

/**
 * The demo against a backend of each auth shape, configured the way an app on such a backend is (`authHeaders`,
 * `credentials`, `userKey`): connect, a live alarm, mark read, then a token refresh (token shapes) or the end of
 * the session (cookies). The server's request log proves which credential every request carried.
 */
interface Shape {
  name: string
  server: AuthOption
  /** The demo's `?auth=` value. */
  demo: 'bearer' | 'raw' | 'header' | 'cookie'
  /** What the server's log must say of every authenticated request. */
  logged: string
  csrf?: boolean
  crossOrigin?: boolean
}

const SHAPES: Shape[] = [
  { name: 'Bearer token', server: 'bearer', demo: 'bearer', logged: 'Authorization: Bearer' },
  { name: 'raw token in Authorization', server: 'raw', demo: 'raw', logged: 'Authorization: raw' },
  { name: 'X-Auth-Token header', server: 'header:X-Auth-Token', demo: 'header', logged: 'X-Auth-Token' },
  { name: 'cookie session, same origin', server: 'cookie', demo: 'cookie', logged: 'cookie' },
  { name: 'cookie session, cross-origin, with CSRF', server: 'cookie', demo: 'cookie', logged: 'cookie', csrf: true, crossOrigin: true },
]

const browser = chromiumPerSuite()

/** Starts the servers of one shape: the API (serving the page when same-origin), plus a page server when not. */
async function startShape(shape: Shape): Promise<{ api: TestServer; pageUrl: string; close(): Promise<void> }> {
  if (!shape.crossOrigin) {
    const api = await startTestApi({ staticDir: 'dist-demo', auth: shape.server, csrf: shape.csrf })
    return { api, pageUrl: `${api.url}/?auth=${shape.demo}`, close: () => api.close() }
  }
  const pages = await startTestApi({ staticDir: 'dist-demo' })
  // 127.0.0.1 on two ports: another origin, the same site, so the SameSite=Lax session cookie still goes along.
  const api = await startTestApi({ auth: shape.server, csrf: shape.csrf, corsOrigin: pages.url }).catch(async (error: unknown) => {
    await pages.close()
    throw error
  })
  return {
    api,
    pageUrl: `${pages.url}/?auth=${shape.demo}&api=${encodeURIComponent(api.url)}`,
    close: async () => {
      await api.close()
      await pages.close()
    },
  }
}

async function signIn(page: Page, url: string, userId: number): Promise<void> {
  await page.goto(url)
  await page.getByTestId('sign-in-user').fill(String(userId))
  await page.getByTestId('sign-in-submit').click()
  await eventually(() => page.getByTestId('stream-status').textContent(), 15_000).toBe('open')
}

const text = (page: Page, testId: string) => () => page.getByTestId(testId).textContent()

describe.each(SHAPES)('the demo on a backend with $name', (shape) => {
  test('connects, shows a live alarm, marks it read, and survives the end of its token or session as it should', async () => {
    const servers = await startShape(shape)
    const context = await browser().newContext()
    try {
      const api = createTestApiClient(servers.api.url)
      const page = await context.newPage()
      const requestUrls: string[] = []
      const secrets: string[] = []
      page.on('request', (request) => requestUrls.push(request.url()))
      page.on('response', async (response) => {
        if (!/\/api\/auth\/(login|refresh)$/.test(new URL(response.url()).pathname)) return
        const body = (await response.json().catch(() => ({}))) as { accessToken?: string; refreshToken?: string }
        for (const secret of [body.accessToken, body.refreshToken]) if (secret) secrets.push(secret)
      })
      const userId = 600 + SHAPES.indexOf(shape)
      await signIn(page, servers.pageUrl, userId)

      const published = await api.publish(userId, { content: `hello ${shape.demo}` })
      await eventually(text(page, 'unread-count')).toBe('1')
      await page.getByTestId('bell').getByRole('button', { name: /^Alarms/ }).click()
      await page.getByRole('dialog').getByText(`hello ${shape.demo}`).click()
      await eventually(text(page, 'unread-count')).toBe('0')
      // The badge drops at once (optimistic); the server has it once the PATCH lands.
      const asUser = await api.signIn(userId, shape.server)
      await eventually(async () => (await api.listAlarmsAs(asUser)).items.find((item) => item.id === published.id)?.isRead).toBe(true)

      await api.fault([{ type: 'expireTokens' }, { type: 'drop' }])
      if (shape.demo === 'cookie') {
        // No token to renew: the 401 ends the session, and the app hears it once through onUnauthorized.
        await page.getByTestId('session-expired').waitFor({ state: 'visible', timeout: 15_000 })
        expect(await page.getByTestId('stream-status').textContent()).toBe('unauthorized')
      } else {
        await eventually(text(page, 'stream-status'), 15_000).toBe('open')
        await api.publish(userId, { content: 'after the refresh' })
        await eventually(text(page, 'loaded-count')).toBe('2')
      }

      const { requestLog, requests } = await api.stats()
      if (shape.demo !== 'cookie') expect(requests['POST /api/auth/refresh'] ?? 0).toBeGreaterThanOrEqual(1)
      // Sign-in and refresh carry no credential by design: everything else must carry exactly the configured one.
      const mine = requestLog.filter((entry) => entry.userId === userId && !entry.path.startsWith('/api/auth/'))
      expect(mine.some((entry) => entry.path.startsWith('/api/subscribe'))).toBe(true)
      expect(mine.some((entry) => entry.method === 'PATCH' && entry.status === 204)).toBe(true)
      for (const entry of mine) expect(entry.auth, `${entry.method} ${entry.path}`).toBe(shape.logged)
      if (shape.csrf) {
        for (const entry of mine.filter((item) => item.method === 'PATCH')) expect(entry.xsrf).toBe(true)
      }
      expect(secrets.length > 0).toBe(shape.demo !== 'cookie')
      for (const secret of secrets) {
        expect(requestUrls.some((url) => url.includes(secret))).toBe(false)
        expect(JSON.stringify(requestLog).includes(secret)).toBe(false)
      }
    } finally {
      await context.close()
      await servers.close()
    }
  })
})
