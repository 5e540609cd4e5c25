import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedBrowser } from '../helpers/browser'
import { runCommand } from '../helpers/run-command'
import { spawnTestApi, type TestApiProcess } from '../helpers/server-process'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer, type TestServerOptions } from '../helpers/test-server'
import { eventually, sleep } from '../e2e/demo-page'
import { buildFixtureApp, FIXTURE_DIR, PROJECT_ROOT, startNitro, type NitroServer } from './fixture-app'
import { measureProxyClose } from './proxy-check'

/** Where the app reaches the API (its own proxy route); the app was built with '/api', so this proves env wins. */
const RUNTIME_BASE_URL = '/backend/api'

let launched: LaunchedBrowser | undefined
let browser: Browser
const contexts: BrowserContext[] = []
let nextUserId = 900
/** The API behind the fixture's plain `routeRules` proxy: its origin goes into the build. */
let routeRulesApi: TestServer | undefined

beforeAll(async () => {
  routeRulesApi = await startTestApi()
  const times = await buildFixtureApp({ FIXTURE_ROUTE_RULES_API_ORIGIN: routeRulesApi.url })
  // Reported, never asserted: how much the Nuxt fixture adds to a CI run.
  process.stdout.write(`nuxt fixture: library build + pack ${times.library} ms, install ${times.install} ms, nuxi build ${times.nuxtBuild} ms\n`)
  launched = await launchChromium()
  browser = launched.browser
}, 600_000)

afterAll(async () => {
  for (const context of contexts) await Promise.race([context.close(), sleep(5_000)])
  await launched?.close()
  await routeRulesApi?.close()
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

/** A test API and the built app in front of it, through `alarms.proxy`, for one describe block. */
function useProxiedApp(apiOptions: TestServerOptions = {}) {
  const started = {} as { api: TestServer; client: TestApiClient; nuxt: NitroServer }
  beforeAll(async () => {
    started.api = await startTestApi(apiOptions)
    started.client = createTestApiClient(started.api.url)
    // The app keeps its built base '/api', which the module's proxy route serves.
    started.nuxt = await startNitro({ NUXT_ALARMS_PROXY_TARGET: `${started.api.url}/api` })
  }, 60_000)
  afterAll(async () => {
    await started.nuxt?.close()
    await started.api?.close()
  })
  return started
}

describe('alarms.proxy: the stream and REST through the app server, closed upstream when the browser leaves', () => {
  const app = useProxiedApp()

  it('after sign-out and after closing the tab, the API counts no stream for that user within 1 s', async () => {
    const { client, nuxt } = app
    const times = await measureProxyClose({ appUrl: nuxt.url, api: client, browser, userIds: { signOut: ++nextUserId, tabClose: ++nextUserId } })
    process.stdout.write(`alarms.proxy: upstream closed ${times.afterSignOutMs} ms after sign-out, ${times.afterTabClosedMs} ms after the tab closed\n`)
    expect(times.afterSignOutMs).not.toBeNull()
    expect(times.afterSignOutMs!).toBeLessThanOrEqual(1000)
    expect(times.afterTabClosedMs).not.toBeNull()
    expect(times.afterTabClosedMs!).toBeLessThanOrEqual(1000)
  }, 60_000)

  it('streams unbuffered and uncompressed, forwards Authorization and Last-Event-ID, and passes 401 and 403 through', async () => {
    const { client, nuxt } = app
    const userId = ++nextUserId
    const { accessToken } = await client.login(userId)
    expect((await fetch(`${nuxt.url}/api/subscribe`)).status).toBe(401)

    await client.fault({ type: 'status', status: 403, count: 1 })
    const refused = await fetch(`${nuxt.url}/api/subscribe`, { headers: { authorization: `Bearer ${accessToken}` } })
    expect(refused.status).toBe(403)

    await client.resetStats()
    const stream = new AbortController()
    const response = await fetch(`${nuxt.url}/api/subscribe`, {
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
      const logged = (await client.stats()).requestLog.find((entry) => entry.path.startsWith('/api/subscribe'))
      expect(logged).toMatchObject({ auth: 'Authorization: Bearer', lastEventId: `${userId}_1`, userId })
    } finally {
      stream.abort()
    }
    await eventually(async () => (await client.stats()).openStreams[String(userId)] ?? 0, 2_000).toBe(0)
  })
})

describe('alarms.proxy with a cookie session and CSRF (the API sets the cookies)', () => {
  const app = useProxiedApp({ auth: 'cookie', csrf: true })

  it('brings Set-Cookie back and forwards Cookie and X-XSRF-TOKEN (403 without it)', async () => {
    const { client, nuxt } = app
    const login = await fetch(`${nuxt.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: ++nextUserId }) })
    expect(login.status).toBe(200)
    const cookies = new Map(login.headers.getSetCookie().map((header) => header.split(';')[0]!.split('=') as [string, string]))
    expect(cookies.has('SESSION')).toBe(true)
    expect(cookies.has('XSRF-TOKEN')).toBe(true)
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')

    const withoutToken = await fetch(`${nuxt.url}/api/alarms/read-all`, { method: 'PATCH', headers: { cookie } })
    expect(withoutToken.status).toBe(403)
    await client.resetStats()
    const withToken = await fetch(`${nuxt.url}/api/alarms/read-all`, { method: 'PATCH', headers: { cookie, 'x-xsrf-token': cookies.get('XSRF-TOKEN')! } })
    expect(withToken.ok).toBe(true)
    expect((await client.stats()).requestLog.at(-1)).toMatchObject({ auth: 'cookie', xsrf: true })
  })
})

describe("Nitro's plain routeRules proxy, for comparison", () => {
  let client: TestApiClient
  let nuxt: NitroServer

  beforeAll(async () => {
    client = createTestApiClient(routeRulesApi!.url)
    nuxt = await startNitro({ NUXT_PUBLIC_ALARMS_BASE_URL: '/plain-proxy/api' })
  }, 60_000)

  afterAll(async () => {
    await nuxt?.close()
  })

  it('leaks: the stream is still counted 5 s after sign-out and after the tab closed', async () => {
    const times = await measureProxyClose({ appUrl: nuxt.url, api: client, browser, userIds: { signOut: ++nextUserId, tabClose: ++nextUserId }, watchMs: 5_000 })
    process.stdout.write(`routeRules proxy: upstream after sign-out ${times.afterSignOutMs ?? 'still open at 5000'} ms, after tab closed ${times.afterTabClosedMs ?? 'still open at 5000'} ms\n`)
    expect(times).toEqual({ afterSignOutMs: null, afterTabClosedMs: null })
  }, 60_000)
})
