import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedBrowser } from '../helpers/browser'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'

const STREAM_ENTRY = fileURLToPath(new URL('../../src/stream/index.ts', import.meta.url))

/** The page: loads the bundled `vue-sse-alarms/stream` entry and opens streams on request from the test. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>stream</title>
<script type="module">
  import { openAlarmStream } from './stream.js'
  window.received = []
  window.statuses = []
  window.openTestStream = (token) => {
    window.stream = openAlarmStream({
      url: '/api/subscribe',
      getToken: () => token,
      retry: { minMs: 100, initialMs: 100, maxMs: 100 },
      onEvent: (event) => window.received.push(event),
      onStatus: (status) => window.statuses.push(status),
    })
  }
  window.ready = true
</script>`

interface ReceivedEvent {
  type: string
  data: string
  lastEventId: string
}

let bundleDir: string
let server: TestServer
let api: TestApiClient
let chromium: LaunchedBrowser
let page: Page
let nextUserId = 500

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-stream-bundle-'))
  await build({
    configFile: false,
    logLevel: 'warn',
    // What an app's bundler does (as for Vue and Pinia): a page has no `process`.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: bundleDir,
      emptyOutDir: false,
      minify: false,
      lib: { entry: { stream: STREAM_ENTRY }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    },
  })
  await writeFile(join(bundleDir, 'index.html'), PAGE)
  server = await startTestApi({ staticDir: bundleDir })
  api = createTestApiClient(server.url)
  chromium = await launchChromium()
})

afterAll(async () => {
  await page?.close().catch(() => {})
  await chromium?.close()
  await server?.close()
  await rm(bundleDir, { recursive: true, force: true })
})

beforeEach(async () => {
  await api.resetFaults()
  await api.resetStats()
  await page?.close().catch(() => {})
  page = await chromium.browser.newPage()
  await page.goto(`${server.url}/`)
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
})

const received = () => page.evaluate(() => (window as unknown as { received: ReceivedEvent[] }).received)
const alarmContents = async () =>
  (await received()).filter((event) => event.data.startsWith('{')).map((event) => (JSON.parse(event.data) as { content: string }).content)
const subscribeLog = async () => (await api.stats()).requestLog.filter((entry) => entry.path.startsWith('/api/subscribe'))

async function openInPage(): Promise<number> {
  const userId = nextUserId++
  const { accessToken } = await api.login(userId)
  await page.evaluate((token) => (window as unknown as { openTestStream(token: string): void }).openTestStream(token), accessToken)
  await expect.poll(async () => (await received()).length, { timeout: 5000 }).toBeGreaterThanOrEqual(1)
  return userId
}

describe('the stream in Chromium against the test API', () => {
  it('connects with the Authorization header and receives a published alarm', async () => {
    const userId = await openInPage()
    const [handshake] = await received()
    expect(handshake).toMatchObject({ type: 'sse', data: `EventStream Created. [userId=${userId}]` })
    const log = await subscribeLog()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ status: 200, userId })
    await api.publish(userId, { content: '브라우저 알림 🔔' })
    await expect.poll(alarmContents, { timeout: 5000 }).toEqual(['브라우저 알림 🔔'])
    expect(await page.evaluate(() => (window as unknown as { stream: { status: string } }).stream.status)).toBe('open')
  })

  it('resumes with Last-Event-ID after the server drops the stream', async () => {
    const userId = await openInPage()
    const idBeforeDrop = (await received()).at(-1)!.lastEventId
    await api.fault({ type: 'drop' })
    await api.publish(userId, { content: 'while away' })
    await expect.poll(alarmContents, { timeout: 5000 }).toEqual(['while away'])
    expect((await subscribeLog()).map((entry) => entry.lastEventId)).toEqual([null, idBeforeDrop])
  })

  it('sends a Korean id back as the UTF-8 bytes the server decodes', async () => {
    await api.fault({ type: 'ids', format: 'korean' })
    const userId = await openInPage()
    const idBeforeDrop = (await received()).at(-1)!.lastEventId
    expect(idBeforeDrop).toMatch(/^알림_/)
    await api.fault({ type: 'drop' })
    await api.publish(userId, { content: 'resumed' })
    await expect.poll(alarmContents, { timeout: 5000 }).toEqual(['resumed'])
    expect((await subscribeLog()).map((entry) => entry.lastEventId)).toEqual([null, idBeforeDrop])
  })

  it('stops on a 403 and closes the page stream without further requests', async () => {
    await api.fault({ type: 'status', status: 403 })
    const { accessToken } = await api.login(nextUserId++)
    await page.evaluate((token) => (window as unknown as { openTestStream(token: string): void }).openTestStream(token), accessToken)
    await expect.poll(() => page.evaluate(() => (window as unknown as { statuses: string[] }).statuses), { timeout: 5000 }).toEqual(['connecting', 'closed'])
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await subscribeLog()).toHaveLength(1)
  })
})

describe('the bundled stream entry in plain Node', () => {
  it('runs without window, document or shims', async () => {
    const userId = nextUserId++
    const { accessToken } = await api.login(userId)
    const script = `
      const { openAlarmStream } = await import(process.env.BUNDLE_URL)
      if (typeof window !== 'undefined' || typeof document !== 'undefined') throw new Error('DOM globals present')
      const stream = openAlarmStream({
        url: process.env.STREAM_URL,
        getToken: () => process.env.STREAM_TOKEN,
        onEvent(event) {
          console.log(JSON.stringify(event))
          stream.close()
        },
      })`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 10_000,
      env: { PATH: process.env.PATH, BUNDLE_URL: pathToFileURL(join(bundleDir, 'stream.js')).href, STREAM_URL: `${server.url}/api/subscribe`, STREAM_TOKEN: accessToken },
    })
    expect(JSON.parse(stdout.trim())).toMatchObject({ type: 'sse', data: `EventStream Created. [userId=${userId}]` })
  })
})
