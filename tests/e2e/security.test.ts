import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { sleep, startDemoEnvironment, type DemoEnvironment } from './demo-page'

/** Classic payloads; each one, if it ever ran, would push its name into `window.__xss`. */
const CONTENT_PAYLOADS = [
  `<img src=x onerror="window.__xss.push('img')">`,
  `<script>window.__xss.push('script')</script>`,
  `<svg onload="window.__xss.push('svg')"></svg>`,
  `"><iframe srcdoc="<script>parent.__xss.push('iframe')</script>"></iframe>`,
  `<a href="javascript:window.__xss.push('anchor')">click me</a>`,
  `{{ constructor.constructor('window.__xss.push("template")')() }} {{ 7 * 7 }}`,
  `<details open ontoggle="window.__xss.push('details')">x</details>`,
  `'"--></style></script><body onload="window.__xss.push('body')">`,
]
const TYPE_PAYLOADS = [`<img src=x onerror="window.__xss.push('type')">`, `COMMENT" onmouseover="window.__xss.push('attr')`]
const URL_PAYLOADS = [
  `javascript:window.__xss.push('url')`,
  `JaVaScRiPt:window.__xss.push('url-case')`,
  ` javascript:window.__xss.push('url-space')`,
  `java\tscript:window.__xss.push('url-tab')`,
  `data:text/html,<script>window.__xss.push('data')</script>`,
  `vbscript:msgbox(1)`,
  `//evil.example/steal`,
  `/\\evil.example/steal`,
]

/** Installed before any page script: every way a payload could announce itself. */
const TRAP = `
  window.__xss = []
  for (const name of ['alert', 'confirm', 'prompt']) window[name] = (message) => window.__xss.push(name + ':' + message)
`

let environment: DemoEnvironment | undefined
let server: TestServer
let api: TestApiClient
let browser: Browser
const contexts: BrowserContext[] = []
let nextUserId = 900

beforeAll(async () => {
  environment = await startDemoEnvironment()
  ;({ server, api, browser } = environment)
})

afterEach(async () => {
  while (contexts.length > 0) await contexts.pop()?.close()
  await api.resetFaults()
})

afterAll(() => environment?.close())

/** Everything the browser did that could carry a token out. */
interface Recorder {
  requests: Array<{ url: string; headers: Record<string, string> }>
  console: string[]
  tokens: Set<string>
  pending: Promise<unknown>[]
}

function record(page: Page, recorder: Recorder): void {
  page.on('request', (request) => recorder.requests.push({ url: request.url(), headers: request.headers() }))
  page.on('console', (message) => recorder.console.push(message.text()))
  page.on('pageerror', (error) => recorder.console.push(`pageerror: ${error.message}`))
  page.on('dialog', (dialog) => {
    recorder.console.push(`dialog: ${dialog.message()}`)
    void dialog.dismiss()
  })
  page.on('response', (response) => {
    if (!/\/api\/auth\/(login|refresh)$/.test(new URL(response.url()).pathname)) return
    recorder.pending.push(
      response
        .json()
        .then((body: { accessToken?: string; refreshToken?: string }) => {
          if (body.accessToken) recorder.tokens.add(body.accessToken)
          if (body.refreshToken) recorder.tokens.add(body.refreshToken)
        })
        .catch(() => {}),
    )
  })
}

const newRecorder = (): Recorder => ({ requests: [], console: [], tokens: new Set(), pending: [] })

/** Signs in through the demo's form in a page of `context` (a new context when none is given). */
async function signIn(userId: number, recorder: Recorder, context?: BrowserContext): Promise<Page> {
  if (!context) {
    context = await browser.newContext()
    contexts.push(context)
    await context.addInitScript(TRAP)
  }
  const page = await context.newPage()
  record(page, recorder)
  await page.goto(server.url)
  await page.getByTestId('sign-in-user').fill(String(userId))
  await page.getByTestId('sign-in-submit').click()
  await expect.poll(() => page.getByTestId('stream-status').textContent(), { timeout: 15_000 }).toBe('open')
  return page
}

async function openPanel(page: Page): Promise<void> {
  const button = page.getByTestId('bell').locator('button.vsa-bell__button')
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
  await page.getByTestId('bell').getByRole('dialog').waitFor({ state: 'visible' })
}

const itemTexts = (page: Page) => page.getByTestId('bell').locator('.vsa-item .vsa-item__content').allTextContents()
const xssFlags = (page: Page) => page.evaluate(() => (window as unknown as { __xss: string[] }).__xss)

function tokenFragments(tokens: Iterable<string>): string[] {
  return [...tokens].flatMap((token) => [token, token.split('.')[1] ?? token].filter((part) => part.length >= 16))
}

describe('XSS payloads in alarms', () => {
  test('content, type and url payloads render as inert text; javascript: and foreign urls are never followed', async () => {
    const userId = ++nextUserId
    const recorder = newRecorder()
    const page = await signIn(userId, recorder)
    const pageUrl = page.url()
    const navigations: string[] = []
    page.on('framenavigated', (frame) => navigations.push(frame.url()))

    const published: string[] = []
    for (const [index, content] of CONTENT_PAYLOADS.entries()) {
      await api.publish(userId, { content, type: TYPE_PAYLOADS[index % TYPE_PAYLOADS.length]!, url: URL_PAYLOADS[index % URL_PAYLOADS.length]! })
      published.push(content)
    }
    for (const [index, url] of URL_PAYLOADS.entries()) {
      const content = `link payload ${index}`
      await api.publish(userId, { content, url })
      published.push(content)
    }
    await expect.poll(() => page.getByTestId('loaded-count').textContent(), { timeout: 10_000 }).toBe(String(published.length))
    await openPanel(page)
    expect((await itemTexts(page)).sort()).toEqual([...published].sort())

    const bell = page.getByTestId('bell')
    expect(await bell.locator('script, iframe, object, embed, img, details, [onerror], [onload], [onmouseover], [ontoggle]').count()).toBe(0)
    const hrefs = await bell.locator('a[href]').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''))
    for (const href of hrefs) expect(href).toMatch(/^\/(?![/\\])/)

    // Activate every item (the demo shows what was picked instead of navigating): nothing runs, nothing navigates.
    const actions = bell.locator('[data-alarm-action]')
    const count = await actions.count()
    expect(count).toBe(published.length)
    for (let index = 0; index < count; index++) {
      await openPanel(page)
      await actions.nth(index).click()
    }
    await page.mouse.move(5, 5)
    await sleep(200)
    expect(await xssFlags(page)).toEqual([])
    expect(page.url()).toBe(pageUrl)
    expect(navigations.filter((url) => url !== pageUrl)).toEqual([])
    expect(recorder.console.filter((line) => line.startsWith('dialog') || line.startsWith('pageerror'))).toEqual([])
    // The last pick is shown as text, payload included.
    expect(await page.getByTestId('selected-alarm').textContent()).toContain('→')
    // A selection closes the panel; open, it lists the template payload as it was sent.
    await openPanel(page)
    expect(await page.evaluate(() => document.body.innerText)).toContain('{{ 7 * 7 }}')
  })
})

describe('the token in the browser', () => {
  test('never appears in a request URL or console output, across a token refresh and a reconnect', async () => {
    const userId = ++nextUserId
    const recorder = newRecorder()
    const page = await signIn(userId, recorder)
    await api.publish(userId, { content: 'before expiry' })
    await expect.poll(() => page.getByTestId('unread-count').textContent()).toBe('1')
    await api.fault({ type: 'expireTokens' })
    await api.fault({ type: 'drop' })
    await api.publish(userId, { content: 'after expiry' })
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 10_000 }).toBe('2')
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('open')
    await Promise.all(recorder.pending)

    expect(recorder.tokens.size).toBeGreaterThanOrEqual(4) // login pair + refreshed pair
    const subscribes = recorder.requests.filter((request) => new URL(request.url).pathname === '/api/subscribe')
    expect(subscribes.length).toBeGreaterThanOrEqual(2)
    // The token did travel, in the header.
    expect(subscribes.every((request) => /^Bearer \S+$/.test(request.headers.authorization ?? ''))).toBe(true)
    expect(subscribes.some((request) => (request.headers['last-event-id'] ?? '') !== '')).toBe(true)

    const fragments = tokenFragments(recorder.tokens)
    const urls = recorder.requests.map((request) => request.url).join('\n')
    for (const fragment of fragments) {
      expect(urls.includes(fragment), 'a request URL carries a token').toBe(false)
      expect(recorder.console.join('\n').includes(fragment), 'console output carries a token').toBe(false)
    }
    const { requestLog } = await api.stats()
    const serverPaths = requestLog.map((entry) => entry.path).join('\n')
    for (const fragment of fragments) expect(serverPaths.includes(fragment)).toBe(false)
  })
})

describe('two users in one browser', () => {
  test('in two contexts and in two tabs of one context, nobody sees the other’s alarms', async () => {
    const alice = ++nextUserId
    const bob = ++nextUserId
    const recorder = newRecorder()
    const alicePage = await signIn(alice, recorder)
    const bobPage = await signIn(bob, recorder)
    // Carol and Dave share one context (same origin storage, BroadcastChannel and locks), one tab each.
    const carol = ++nextUserId
    const dave = ++nextUserId
    const shared = await browser.newContext()
    contexts.push(shared)
    await shared.addInitScript(TRAP)
    const carolPage = await signIn(carol, recorder, shared)
    const davePage = await signIn(dave, recorder, shared)

    const users = [
      { id: alice, page: alicePage, name: 'alice' },
      { id: bob, page: bobPage, name: 'bob' },
      { id: carol, page: carolPage, name: 'carol' },
      { id: dave, page: davePage, name: 'dave' },
    ]
    for (const user of users) await api.publishMany(user.id, { content: `only for ${user.name}`, count: 2 })
    for (const user of users) {
      await expect.poll(() => user.page.getByTestId('loaded-count').textContent(), { timeout: 10_000 }).toBe('2')
    }
    await sleep(300)
    for (const user of users) {
      await openPanel(user.page)
      expect(await itemTexts(user.page)).toEqual([`only for ${user.name} #2`, `only for ${user.name} #1`])
      expect(await user.page.getByTestId('unread-count').textContent()).toBe('2')
    }
    // Reading all in Carol's tab leaves Dave's tab (same context) untouched.
    await carolPage.getByTestId('bell').getByRole('dialog').getByRole('button', { name: 'Mark all as read' }).click()
    await expect.poll(() => carolPage.getByTestId('unread-count').textContent()).toBe('0')
    await sleep(300)
    expect(await davePage.getByTestId('unread-count').textContent()).toBe('2')
    const { openStreams } = await api.stats()
    for (const user of users) expect(openStreams[String(user.id)], user.name).toBe(1)
  })
})

// ---- CORS: the store on one origin, the API on another ----

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** A module that exists only in the build below (no file on disk). */
const CORS_PAGE_ID = join(ROOT, 'tests/e2e/cors-page.virtual.ts')

/** A page that runs the real plugin and store against `?api=<origin>`, with a token handed over by the test. */
const CORS_PAGE_ENTRY = `
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createAlarms } from ${JSON.stringify(join(ROOT, 'src/plugin.ts'))}
import { useAlarmsStore } from ${JSON.stringify(join(ROOT, 'src/store/index.ts'))}

const apiOrigin = new URLSearchParams(location.search).get('api')
window.start = (token) => {
  const app = createApp({ render: () => null })
  app.use(createPinia()).use(createAlarms({
    baseURL: apiOrigin + '/api',
    getToken: () => token,
    sharedConnection: false,
    stream: { retry: { minMs: 50, initialMs: 50, maxMs: 200 } },
  }))
  app.mount(document.createElement('div'))
  const store = app.runWithContext(() => useAlarmsStore())
  window.snapshot = () => ({ status: store.status, contents: store.items.map((item) => item.content), error: store.error && store.error.code })
}
window.ready = true
`

/** How the proxy in front of the API rewrites CORS answers: what a misconfigured backend would send. */
type CorsPolicy = 'as-configured' | 'no-cors' | 'without-last-event-id' | 'without-authorization' | 'other-origin'

function rewriteCors(headers: IncomingHttpHeaders, policy: CorsPolicy): IncomingHttpHeaders {
  const next: IncomingHttpHeaders = { ...headers }
  // Never let a cached preflight hide the policy under test.
  delete next['access-control-max-age']
  const allowed = next['access-control-allow-headers']
  const dropAllowed = (name: string) => {
    if (typeof allowed !== 'string') return
    next['access-control-allow-headers'] = allowed
      .split(',')
      .map((header) => header.trim())
      .filter((header) => header.toLowerCase() !== name)
      .join(', ')
  }
  if (policy === 'no-cors') {
    for (const key of Object.keys(next)) if (key.startsWith('access-control-')) delete next[key]
  } else if (policy === 'without-last-event-id') dropAllowed('last-event-id')
  else if (policy === 'without-authorization') dropAllowed('authorization')
  else if (policy === 'other-origin' && next['access-control-allow-origin']) next['access-control-allow-origin'] = 'http://other.example'
  return next
}

describe('CORS: the store on another origin than the API', () => {
  let bundleDir: string
  let pageServer: TestServer
  let corsApi: TestServer
  let corsClient: TestApiClient
  let proxy: Server
  let proxyUrl: string
  let policy: CorsPolicy = 'as-configured'
  const preflights: Array<{ policy: CorsPolicy; headers: string }> = []

  beforeAll(async () => {
    bundleDir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-cors-page-'))
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      define: {
        'process.env.NODE_ENV': JSON.stringify('production'),
        __VUE_OPTIONS_API__: 'true',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
      plugins: [
        {
          name: 'cors-page-entry',
          resolveId: (id) => (id === CORS_PAGE_ID ? CORS_PAGE_ID : undefined),
          load: (id) => (id === CORS_PAGE_ID ? CORS_PAGE_ENTRY : undefined),
        },
      ],
      build: {
        outDir: bundleDir,
        emptyOutDir: false,
        minify: false,
        lib: { entry: CORS_PAGE_ID, formats: ['es'], fileName: () => 'page.js' },
      },
    })
    await writeFile(join(bundleDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>cors</title><script type="module" src="./page.js"></script>')
    pageServer = await startTestApi({ staticDir: bundleDir })
    corsApi = await startTestApi({ corsOrigin: pageServer.url })
    corsClient = createTestApiClient(corsApi.url)
    const target = new URL(corsApi.url)
    proxy = createServer((req, res) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          if (req.method === 'OPTIONS') preflights.push({ policy, headers: String(req.headers['access-control-request-headers'] ?? '') })
          res.writeHead(answer.statusCode ?? 502, rewriteCors(answer.headers, policy))
          res.flushHeaders()
          answer.pipe(res)
        },
      )
      upstream.on('error', () => res.destroy())
      res.on('close', () => upstream.destroy())
      req.pipe(upstream)
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  }, 120_000)

  afterAll(async () => {
    proxy?.closeAllConnections()
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()))
    await corsApi?.close()
    await pageServer?.close()
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true })
  })

  interface Snapshot {
    status: string
    contents: string[]
    error: string | null
  }

  async function startStore(nextPolicy: CorsPolicy, userId: number): Promise<{ page: Page; snapshot: () => Promise<Snapshot> }> {
    policy = nextPolicy
    // A fresh context per policy: Chromium's preflight cache must not carry one policy's answer into another.
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`${pageServer.url}/?api=${encodeURIComponent(proxyUrl)}`)
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
    expect(new URL(page.url()).origin).not.toBe(new URL(proxyUrl).origin)
    const { accessToken } = await corsClient.login(userId)
    await page.evaluate((token) => (window as unknown as { start: (token: string) => void }).start(token), accessToken)
    return { page, snapshot: () => page.evaluate(() => (window as unknown as { snapshot: () => Snapshot }).snapshot()) }
  }

  const subscribesOf = async (userId: number) =>
    (await corsClient.stats()).requestLog.filter((entry) => entry.path.startsWith('/api/subscribe') && entry.userId === userId && entry.status === 200)

  test('works when the server allows Authorization and Last-Event-ID for the page origin: live alarms and a resume after a drop', async () => {
    const userId = ++nextUserId
    const { snapshot } = await startStore('as-configured', userId)
    await expect.poll(async () => (await snapshot()).status, { timeout: 10_000 }).toBe('open')
    await corsClient.publish(userId, { content: 'cross-origin live' })
    await expect.poll(async () => (await snapshot()).contents).toEqual(['cross-origin live'])
    await corsClient.fault({ type: 'drop' })
    await corsClient.publish(userId, { content: 'published during the drop' })
    await expect.poll(async () => (await snapshot()).contents, { timeout: 10_000 }).toEqual(['published during the drop', 'cross-origin live'])
    // The alarm may still ride the dropped stream before it ends; the reconnect comes after its backoff.
    await expect.poll(async () => (await subscribesOf(userId)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    const subscribes = await subscribesOf(userId)
    expect(subscribes.at(-1)?.lastEventId).toMatch(new RegExp(`^${userId}_\\d+$`))
    // The browser asked for exactly these headers in a preflight.
    expect(preflights.some((entry) => /authorization/i.test(entry.headers) && /last-event-id/i.test(entry.headers))).toBe(true)
  })

  test('fails when the server answers no CORS, another origin, or omits Authorization from the allowed headers', async () => {
    for (const failing of ['no-cors', 'other-origin', 'without-authorization'] as const) {
      const userId = ++nextUserId
      const { snapshot } = await startStore(failing, userId)
      await sleep(1200)
      const state = await snapshot()
      expect(state.status, failing).not.toBe('open')
      expect(state.contents, failing).toEqual([])
      expect(await subscribesOf(userId), failing).toEqual([])
    }
  })

  test('without Last-Event-ID in the allowed headers the first connect works, but no reconnect after a drop ever gets through', async () => {
    const userId = ++nextUserId
    const { snapshot } = await startStore('without-last-event-id', userId)
    await expect.poll(async () => (await snapshot()).status, { timeout: 10_000 }).toBe('open')
    await corsClient.publish(userId, { content: 'before the drop' })
    await expect.poll(async () => (await snapshot()).contents).toEqual(['before the drop'])
    await corsClient.fault({ type: 'drop' })
    await sleep(1500)
    expect((await snapshot()).status).not.toBe('open')
    const subscribes = await subscribesOf(userId)
    expect(subscribes).toHaveLength(1)
    expect(subscribes[0]?.lastEventId).toBeNull()
    expect(preflights.some((entry) => entry.policy === 'without-last-event-id' && /last-event-id/i.test(entry.headers))).toBe(true)
  })
})
