import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { eventually, sleep } from '../e2e/demo-page'
import { launchChromium, type LaunchedBrowser } from '../helpers/browser'
import { spawnTestApi, type TestApiProcess } from '../helpers/server-process'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer, type TestServerOptions } from '../helpers/test-server'
import { checkProxyCloses, checkProxyCookieCsrf, checkProxyStreaming, checkRouteRulesProxyLeaks, type ProxiedApp } from './proxy-check'
import { buildFixtureApp, startNitro, typecheckFixtureApp, type NitroServer, type NuxtFixture, type NuxtFixtureSpec } from './fixture-app'

/** Where the app reaches the API (its own proxy route); the app was built with '/api', so this proves env wins. */
const RUNTIME_BASE_URL = '/backend/api'

/** What every check needs: the served app, the API behind it, and a browser. */
interface Running {
  nuxt: NitroServer
  client: TestApiClient
  newContext(): Promise<BrowserContext>
  nextUserId(): number
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
const hydrationWarnings = (console: string[]) => console.filter((message) => /hydrat|mismatch/i.test(message))

/** The CSS a page brings before any script runs: its inline style elements and the stylesheets it links. */
async function pageStyles(baseUrl: string, html: string): Promise<string> {
  const inline = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]!)
  const linked = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((match) => match[1]!)
  const fetched = await Promise.all(linked.map(async (href) => (await fetch(new URL(href, baseUrl))).text()))
  return [...inline, ...fetched].join('\n')
}

/** A browser context already signed in through the app's cookies (as after an earlier visit). */
async function signedInContext(run: Running, userId: number): Promise<BrowserContext> {
  const { accessToken, refreshToken } = await run.client.login(userId)
  const context = await run.newContext()
  await context.addCookies(
    Object.entries({ token: accessToken, refresh: refreshToken, user: String(userId) }).map(([name, value]) => ({ name, value, url: run.nuxt.url })),
  )
  return context
}

export async function checkServerRenderedBell(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const { accessToken } = await run.client.login(userId)
  await run.client.publish(userId, { content: 'Waiting since yesterday' })
  await run.client.resetStats()

  for (let request = 0; request < 2; request++) {
    const response = await fetch(run.nuxt.url, { headers: { cookie: `token=${accessToken}; user=${userId}` } })
    const html = await response.text()
    expect(response.status).toBe(200)
    expect(html).toMatch(/<button[^>]*class="vsa-bell__button"[^>]*aria-label="Alarms, 0 unread"/)
    expect(html).toContain('data-status="idle"')
    expect(html).not.toContain('class="vsa-bell__badge"')
    expect(html).toContain(`<span data-testid="after-bell">User ${userId}</span>`)
    // The module's stylesheet comes with the page (inlined, or linked from it), so the bell is never unstyled
    // before the scripts run.
    expect(await pageStyles(run.nuxt.url, html)).toMatch(/\.vsa-bell__button\[data-v-\w+\]\{/)
  }
  // No stream, no REST call from the server: the count comes from the browser after hydration.
  const stats = await run.client.stats()
  expect(stats.totalOpenStreams).toBe(0)
  expect(stats.requests).toEqual({})
}

export async function checkHydration(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const { page, console } = await openPage(await signedInContext(run, userId), run.nuxt.url)
  await eventually(() => streamStatus(page), 15_000).toBe('open')
  const boxes = () => page.locator('header > *').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON()))
  const boxesBefore = await boxes()

  await run.client.publish(userId, { content: 'Build finished' })
  await eventually(() => badgeText(page)).toBe('1')

  expect(await boxes()).toEqual(boxesBefore)
  expect(hydrationWarnings(console)).toEqual([])
  expect(console.filter((message) => message.startsWith('error') || message.startsWith('pageerror'))).toEqual([])
}

export async function checkLiveAlarm(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const { page } = await openPage(await signedInContext(run, userId), run.nuxt.url)
  await eventually(() => streamStatus(page), 15_000).toBe('open')
  expect(await bell(page).locator('button').getAttribute('data-lit')).toBe('false')

  await run.client.publish(userId, { content: 'Your report is ready' })

  await eventually(() => bell(page).locator('button').getAttribute('data-lit')).toBe('true')
  expect(await bell(page).locator('button').getAttribute('aria-label')).toBe('Alarms, 1 unread')
}

export async function checkRuntimeBaseUrl(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const { page } = await openPage(await signedInContext(run, userId), run.nuxt.url)
  await eventually(() => streamStatus(page), 15_000).toBe('open')

  expect(await page.getByTestId('base-url').textContent()).toBe(RUNTIME_BASE_URL)
  // The configuration the server hands the browser with the page (read before hydration, which may clear it).
  const html = await (await fetch(run.nuxt.url)).text()
  expect(html).toMatch(/window\.__NUXT__\.config=\{.*alarms:\{baseURL:"\/backend\/api"/)
  // Only the proxy under the runtime path reaches the API, so an open stream means the runtime value was used.
  expect((await run.client.stats()).openStreams[String(userId)]).toBe(1)
}

export async function checkSignInAndOut(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const { page } = await openPage(await run.newContext(), run.nuxt.url)
  await hydrated(page)
  expect(await page.getByTestId('after-bell').textContent()).toBe('Signed out')
  expect(await streamStatus(page)).toBe('idle')

  await page.getByTestId('user').fill(String(userId))
  await page.getByTestId('sign-in').click()
  await eventually(() => streamStatus(page), 15_000).toBe('open')
  await eventually(async () => (await run.client.stats()).openStreams[String(userId)] ?? 0).toBe(1)
  await run.client.publish(userId, { content: 'Welcome back' })
  await eventually(() => badgeText(page)).toBe('1')

  await page.getByTestId('sign-out').click()
  await eventually(async () => (await run.client.stats()).openStreams[String(userId)] ?? 0, 15_000).toBe(0)
  await eventually(() => badgeText(page)).toBe('')
  expect(await streamStatus(page)).not.toBe('open')
}

export async function checkSharedStream(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const context = await signedInContext(run, userId)
  const first = (await openPage(context, run.nuxt.url)).page
  const second = (await openPage(context, run.nuxt.url)).page
  await eventually(() => streamStatus(first), 15_000).toBe('open')
  await eventually(() => streamStatus(second), 15_000).toBe('open')
  await sleep(300)

  expect((await run.client.stats()).openStreams[String(userId)]).toBe(1)
  const holders = await Promise.all([first, second].map((tab) => tab.getByTestId('holds-stream').textContent()))
  expect(holders.sort()).toEqual(['no', 'yes'])

  await run.client.publish(userId, { content: 'For both tabs' })
  await eventually(() => badgeText(first)).toBe('1')
  await eventually(() => badgeText(second)).toBe('1')
  expect((await run.client.stats()).openStreams[String(userId)]).toBe(1)
}

export async function checkCookieSession(run: Running): Promise<void> {
  const userId = run.nextUserId()
  const { page, console } = await openPage(await run.newContext(), run.nuxt.url)
  await hydrated(page)
  await page.getByTestId('user').fill(String(userId))
  await page.getByTestId('sign-in').click()
  await eventually(() => streamStatus(page), 15_000).toBe('open')
  expect((await run.client.stats()).openStreams[String(userId)]).toBe(1)

  await run.client.publish(userId, { content: 'Over the session cookie' })
  await eventually(() => badgeText(page)).toBe('1')

  await page.getByTestId('sign-out').click()
  await eventually(async () => (await run.client.stats()).openStreams[String(userId)] ?? 0, 15_000).toBe(0)
  expect(hydrationWarnings(console)).toEqual([])
}

export async function checkTypes(fixture: NuxtFixture): Promise<void> {
  // types-check.ts in the fixture holds @ts-expect-error lines: they fail the check if the types went loose.
  const output = await typecheckFixtureApp(fixture)
  expect(output).not.toMatch(/error TS/)
}

/**
 * The fixture app built with one Nuxt release, served by its own Nitro server on that release's Node, and every
 * check above run against it: first with a token in a cookie the app reads, then with a cookie session.
 */
export function describeNuxtApp(spec: NuxtFixtureSpec, firstUserId: number): void {
  let fixture: NuxtFixture
  let launched: LaunchedBrowser | undefined
  let browser: Browser
  const contexts: BrowserContext[] = []
  let userId = firstUserId
  const nextUserId = () => ++userId
  /** The API behind the fixture's plain `routeRules` proxy: its origin goes into the build. */
  let routeRulesApi: TestServer | undefined
  const newContext = async () => {
    const context = await browser.newContext()
    contexts.push(context)
    return context
  }

  beforeAll(async () => {
    routeRulesApi = await startTestApi()
    fixture = await buildFixtureApp(spec, inject('packedTarball'), { FIXTURE_ROUTE_RULES_API_ORIGIN: routeRulesApi.url })
    // Reported, never asserted: what the fixture installed and how much it adds to a CI run.
    const versions = Object.entries(fixture.installed).map(([name, version]) => `${name}@${version}`).join(' ')
    process.stdout.write(`${spec.name} on Node ${fixture.nodeVersion}: ${versions}; install ${fixture.times.install} ms, nuxi build ${fixture.times.nuxtBuild} ms\n`)
    launched = await launchChromium()
    browser = launched.browser
  }, 600_000)

  afterAll(async () => {
    for (const context of contexts) await Promise.race([context.close(), sleep(5_000)])
    await launched?.close()
    await fixture?.remove()
    await routeRulesApi?.close()
  })

  /** A test API and the built app in front of it, through `alarms.proxy` (or `baseURL`'s env), for one describe block. */
  function useProxiedApp(apiOptions: TestServerOptions, appEnv: (apiUrl: string) => Record<string, string>, existingApi?: () => TestServer) {
    const app = { browser: undefined as unknown as Browser, nextUserId, label: spec.name } as ProxiedApp
    let api: TestServer | undefined
    let nuxt: NitroServer | undefined
    beforeAll(async () => {
      const apiServer = existingApi?.() ?? (api = await startTestApi(apiOptions))
      nuxt = await startNitro(fixture, appEnv(apiServer.url))
      Object.assign(app, { appUrl: nuxt.url, api: createTestApiClient(apiServer.url), browser })
    }, 60_000)
    afterAll(async () => {
      await nuxt?.close()
      await api?.close()
    })
    return app
  }

  describe(`${spec.name} with vue-sse-alarms/nuxt, built with nuxi and served by its own Nitro server (token in a cookie)`, () => {
    let api: TestServer
    const run = {} as Running

    beforeAll(async () => {
      api = await startTestApi()
      Object.assign(run, { client: createTestApiClient(api.url), newContext, nextUserId })
      run.nuxt = await startNitro(fixture, { NUXT_API_ORIGIN: api.url, NUXT_PUBLIC_ALARMS_BASE_URL: RUNTIME_BASE_URL })
    }, 60_000)

    afterAll(async () => {
      await run.nuxt?.close()
      await api?.close()
    })

    it('runs on the Node release it was built for', () => {
      expect(fixture.nodeVersion.split('.')[0]).toBe(String(spec.nodeMajor))
    })
    it('server-renders the bell (button, label, no count) for a signed-in user, and the server opens and fetches nothing', () => checkServerRenderedBell(run))
    it('hydrates with no mismatch warning, then shows the count without moving anything in the header', () => checkHydration(run))
    it('lights the bell live when an alarm is published for the signed-in user', () => checkLiveAlarm(run))
    it('uses the API base URL given when the server starts (NUXT_PUBLIC_ALARMS_BASE_URL), not the built one', () => checkRuntimeBaseUrl(run))
    it('connects when the app signs in and disconnects when it signs out, with no call to the store', () => checkSignInAndOut(run))
    it('shares one stream between two tabs of the same user, and a publish shows in both', () => checkSharedStream(run))
    it('type-checks with nuxi typecheck: the alarms key of nuxt.config, the runtime config and the alarms:config hook are typed', () => checkTypes(fixture), 300_000)
  })

  describe(`${spec.name} with a cookie session (the API sets the cookie; the app only says who is signed in)`, () => {
    let dbDir = ''
    let api: TestApiProcess
    const run = {} as Running

    beforeAll(async () => {
      dbDir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-nuxt-db-'))
      api = await spawnTestApi({ dbFile: join(dbDir, 'alarms.db'), args: ['--auth', 'cookie'] })
      Object.assign(run, { client: createTestApiClient(api.url), newContext, nextUserId })
      run.nuxt = await startNitro(fixture, { NUXT_API_ORIGIN: api.url, NUXT_PUBLIC_ALARMS_BASE_URL: RUNTIME_BASE_URL, NUXT_PUBLIC_AUTH_MODE: 'cookie' })
    }, 60_000)

    afterAll(async () => {
      await run.nuxt?.close()
      await api?.close()
      if (dbDir) await rm(dbDir, { recursive: true, force: true })
    })

    it('connects on sign-in and disconnects on sign-out with no function given to the module', () => checkCookieSession(run))
  })

  // The app keeps its built base '/api', which the module's proxy route serves.
  const throughProxy = (apiUrl: string) => ({ NUXT_ALARMS_PROXY_TARGET: `${apiUrl}/api` })

  describe(`${spec.name} with alarms.proxy: the stream and REST through the app server, closed upstream when the browser leaves`, () => {
    const app = useProxiedApp({}, throughProxy)
    it('after sign-out and after closing the tab, the API counts no stream for that user within 1 s', () => checkProxyCloses(app))
    it('streams unbuffered and uncompressed, forwards Authorization and Last-Event-ID, and passes 401 and 403 through', () => checkProxyStreaming(app))
  })

  describe(`${spec.name} with alarms.proxy, a cookie session and CSRF (the API sets the cookies)`, () => {
    const app = useProxiedApp({ auth: 'cookie', csrf: true }, throughProxy)
    it('brings Set-Cookie back and forwards Cookie and X-XSRF-TOKEN (403 without it)', () => checkProxyCookieCsrf(app))
  })

  describe(`${spec.name} with Nitro's plain routeRules proxy, for comparison`, () => {
    const app = useProxiedApp({}, () => ({ NUXT_PUBLIC_ALARMS_BASE_URL: '/plain-proxy/api' }), () => routeRulesApi!)
    it('leaks: the stream is still counted 5 s after sign-out and after the tab closed', () => checkRouteRulesProxyLeaks(app))
  })
}
