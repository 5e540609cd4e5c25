import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedBrowser } from '../helpers/browser'
import { runCommand } from '../helpers/run-command'
import { spawnTestApi, type TestApiProcess } from '../helpers/server-process'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { eventually, sleep } from '../e2e/demo-page'
import { buildFixtureApp, FIXTURE_DIR, PROJECT_ROOT, startNitro, type NitroServer } from './fixture-app'

/** Where the app reaches the API (its own proxy route); the app was built with '/api', so this proves env wins. */
const RUNTIME_BASE_URL = '/backend/api'

let launched: LaunchedBrowser | undefined
let browser: Browser
const contexts: BrowserContext[] = []
let nextUserId = 900

beforeAll(async () => {
  const times = await buildFixtureApp()
  // Reported, never asserted: how much the Nuxt fixture adds to a CI run.
  process.stdout.write(`nuxt fixture: library build + pack ${times.library} ms, install ${times.install} ms, nuxi build ${times.nuxtBuild} ms\n`)
  launched = await launchChromium()
  browser = launched.browser
}, 600_000)

afterAll(async () => {
  for (const context of contexts) await Promise.race([context.close(), sleep(5_000)])
  await launched?.close()
})

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext()
  contexts.push(context)
  return context
}

/** A page that records console messages, so hydration warnings can be asserted on. */
async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; console: string[] }> {
  const page = await context.newPage()
  const messages: string[] = []
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`))
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`))
  await page.goto(url)
  return { page, console: messages }
}

/** Resolves once the app has mounted: before that, the sign-in form would submit as plain HTML. */
const hydrated = (page: Page) => page.locator('main[data-mounted="yes"]').waitFor({ timeout: 15_000 })
const bell = (page: Page) => page.getByTestId('bell')
const badgeText = async (page: Page) => {
  const badge = bell(page).locator('.vsa-bell__badge')
  return (await badge.count()) === 0 ? '' : ((await badge.textContent()) ?? '')
}
const streamStatus = (page: Page) => page.getByTestId('status').textContent()

describe('a Nuxt 3 app with vue-sse-alarms/nuxt, built with nuxi and served by its own Nitro server (token in a cookie)', () => {
  let api: TestServer
  let client: TestApiClient
  let nuxt: NitroServer

  beforeAll(async () => {
    api = await startTestApi()
    client = createTestApiClient(api.url)
    nuxt = await startNitro({ NUXT_API_ORIGIN: api.url, NUXT_PUBLIC_ALARMS_BASE_URL: RUNTIME_BASE_URL })
  }, 60_000)

  afterAll(async () => {
    await nuxt?.close()
    await api?.close()
  })

  /** A browser context already signed in through the app's cookies (as after an earlier visit). */
  async function signedInContext(userId: number): Promise<BrowserContext> {
    const { accessToken, refreshToken } = await client.login(userId)
    const context = await newContext()
    await context.addCookies(
      Object.entries({ token: accessToken, refresh: refreshToken, user: String(userId) }).map(([name, value]) => ({ name, value, url: nuxt.url })),
    )
    return context
  }

  it('server-renders the bell (button, label, no count) for a signed-in user, and the server opens and fetches nothing', async () => {
    const userId = ++nextUserId
    const { accessToken } = await client.login(userId)
    await client.publish(userId, { content: 'Waiting since yesterday' })
    await client.resetStats()

    for (let request = 0; request < 2; request++) {
      const response = await fetch(nuxt.url, { headers: { cookie: `token=${accessToken}; user=${userId}` } })
      const html = await response.text()
      expect(response.status).toBe(200)
      expect(html).toMatch(/<button[^>]*class="vsa-bell__button"[^>]*aria-label="Alarms, 0 unread"/)
      expect(html).toContain('data-status="idle"')
      expect(html).not.toContain('class="vsa-bell__badge"')
      expect(html).toContain(`<span data-testid="after-bell">User ${userId}</span>`)
      // The module's stylesheet comes with the page, so the bell is never unstyled before the scripts run.
      expect(html).toMatch(/\.vsa-bell__button\[data-v-\w+\]\{/)
    }
    // No stream, no REST call from the server: the count comes from the browser after hydration.
    const stats = await client.stats()
    expect(stats.totalOpenStreams).toBe(0)
    expect(stats.requests).toEqual({})
  })

  it('hydrates with no mismatch warning, then shows the count without moving anything in the header', async () => {
    const userId = ++nextUserId
    const { page, console } = await openPage(await signedInContext(userId), nuxt.url)
    await eventually(() => streamStatus(page), 15_000).toBe('open')
    const boxesBefore = await page.locator('header > *').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON()))

    await client.publish(userId, { content: 'Build finished' })
    await eventually(() => badgeText(page)).toBe('1')
    const boxesAfter = await page.locator('header > *').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON()))

    expect(boxesAfter).toEqual(boxesBefore)
    expect(console.filter((message) => /hydrat|mismatch/i.test(message))).toEqual([])
    expect(console.filter((message) => message.startsWith('error') || message.startsWith('pageerror'))).toEqual([])
  })

  it('lights the bell live when an alarm is published for the signed-in user', async () => {
    const userId = ++nextUserId
    const { page } = await openPage(await signedInContext(userId), nuxt.url)
    await eventually(() => streamStatus(page), 15_000).toBe('open')
    expect(await bell(page).locator('button').getAttribute('data-lit')).toBe('false')

    await client.publish(userId, { content: 'Your report is ready' })

    await eventually(() => bell(page).locator('button').getAttribute('data-lit')).toBe('true')
    expect(await bell(page).locator('button').getAttribute('aria-label')).toBe('Alarms, 1 unread')
  })

  it('uses the API base URL given when the server starts (NUXT_PUBLIC_ALARMS_BASE_URL), not the built one', async () => {
    const userId = ++nextUserId
    const { page } = await openPage(await signedInContext(userId), nuxt.url)
    await eventually(() => streamStatus(page), 15_000).toBe('open')

    expect(await page.getByTestId('base-url').textContent()).toBe(RUNTIME_BASE_URL)
    expect(await page.evaluate(() => (window as { __NUXT__?: { config?: { public?: { alarms?: { baseURL?: string } } } } }).__NUXT__?.config?.public?.alarms?.baseURL)).toBe(RUNTIME_BASE_URL)
    // Only the proxy under the runtime path reaches the API, so an open stream means the runtime value was used.
    expect((await client.stats()).openStreams[String(userId)]).toBe(1)
  })

  it('connects when the app signs in and disconnects when it signs out, with no call to the store', async () => {
    const userId = ++nextUserId
    const { page } = await openPage(await newContext(), nuxt.url)
    await hydrated(page)
    expect(await page.getByTestId('after-bell').textContent()).toBe('Signed out')
    expect(await streamStatus(page)).toBe('idle')

    await page.getByTestId('user').fill(String(userId))
    await page.getByTestId('sign-in').click()
    await eventually(() => streamStatus(page), 15_000).toBe('open')
    await eventually(async () => (await client.stats()).openStreams[String(userId)] ?? 0).toBe(1)
    await client.publish(userId, { content: 'Welcome back' })
    await eventually(() => badgeText(page)).toBe('1')

    await page.getByTestId('sign-out').click()
    await eventually(async () => (await client.stats()).openStreams[String(userId)] ?? 0, 15_000).toBe(0)
    await eventually(() => badgeText(page)).toBe('')
    expect(await streamStatus(page)).not.toBe('open')
  })

  it('shares one stream between two tabs of the same user, and a publish shows in both', async () => {
    const userId = ++nextUserId
    const context = await signedInContext(userId)
    const first = (await openPage(context, nuxt.url)).page
    const second = (await openPage(context, nuxt.url)).page
    await eventually(() => streamStatus(first), 15_000).toBe('open')
    await eventually(() => streamStatus(second), 15_000).toBe('open')
    await sleep(300)

    expect((await client.stats()).openStreams[String(userId)]).toBe(1)
    const holders = await Promise.all([first, second].map((tab) => tab.getByTestId('holds-stream').textContent()))
    expect(holders.sort()).toEqual(['no', 'yes'])

    await client.publish(userId, { content: 'For both tabs' })
    await eventually(() => badgeText(first)).toBe('1')
    await eventually(() => badgeText(second)).toBe('1')
    expect((await client.stats()).openStreams[String(userId)]).toBe(1)
  })

  it('type-checks: the alarms key of nuxt.config, the runtime config and the alarms:config hook are typed', async () => {
    // types-check.ts in the fixture holds @ts-expect-error lines: they fail the check if the types went loose.
    const { stdout } = await runCommand(join(PROJECT_ROOT, 'node_modules/.bin/vue-tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: FIXTURE_DIR })
    expect(stdout).toBe('')
  }, 180_000)
})

describe('the same app with a cookie session (the API sets the cookie; the app only says who is signed in)', () => {
  let dbDir = ''
  let api: TestApiProcess
  let client: TestApiClient
  let nuxt: NitroServer

  beforeAll(async () => {
    dbDir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-nuxt-'))
    api = await spawnTestApi({ dbFile: join(dbDir, 'alarms.db'), args: ['--auth', 'cookie'] })
    client = createTestApiClient(api.url)
    nuxt = await startNitro({ NUXT_API_ORIGIN: api.url, NUXT_PUBLIC_ALARMS_BASE_URL: RUNTIME_BASE_URL, NUXT_PUBLIC_AUTH_MODE: 'cookie' })
  }, 60_000)

  afterAll(async () => {
    await nuxt?.close()
    await api?.close()
    if (dbDir) await rm(dbDir, { recursive: true, force: true })
  })

  it('connects on sign-in and disconnects on sign-out with no function given to the module', async () => {
    const userId = ++nextUserId
    const { page, console } = await openPage(await newContext(), nuxt.url)
    await hydrated(page)
    await page.getByTestId('user').fill(String(userId))
    await page.getByTestId('sign-in').click()
    await eventually(() => streamStatus(page), 15_000).toBe('open')
    expect((await client.stats()).openStreams[String(userId)]).toBe(1)

    await client.publish(userId, { content: 'Over the session cookie' })
    await eventually(() => badgeText(page)).toBe('1')

    await page.getByTestId('sign-out').click()
    await eventually(async () => (await client.stats()).openStreams[String(userId)] ?? 0, 15_000).toBe(0)
    expect(console.filter((message) => /hydrat|mismatch/i.test(message))).toEqual([])
  })
})
