import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launchChromium } from '../helpers/browser'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'

/** What every browser test file starts from: the test API serving the built demo, its client, and Chromium. */
export interface DemoEnvironment {
  server: TestServer
  api: TestApiClient
  browser: Browser
  /** Closes the browser, then the server. */
  close(): Promise<void>
}

/** The test API on a free port serving dist-demo/ (same origin as /api), a client for it, and Chromium. */
export async function startDemoEnvironment(): Promise<DemoEnvironment> {
  const server = await startTestApi({ staticDir: 'dist-demo' })
  const launched = await launchChromium().catch(async (error: unknown) => {
    await server.close()
    throw error
  })
  return {
    server,
    api: createTestApiClient(server.url),
    browser: launched.browser,
    async close() {
      await launched.close()
      await server.close()
    },
  }
}

/** The demo environment of one browser test file, as its tests read it. */
export interface DemoPerFile {
  /** The origin serving the demo and /api, once the file's beforeAll has started it. */
  url(): string
  /** A client of the test API. */
  api: TestApiClient
  /** A fresh browser context, closed after the test that opened it. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
}

/**
 * Starts the demo environment before the tests of the file (call it at the top) and closes it after them; closes
 * the contexts each test opened through `newContext` after that test.
 */
export function demoEnvironmentPerFile(): DemoPerFile {
  let environment: DemoEnvironment | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    environment = await startDemoEnvironment()
  })
  afterEach(async () => {
    // A context whose page is mid-navigation can take long to close; the browser itself is closed in afterAll.
    while (contexts.length > 0) await Promise.race([contexts.pop()?.close(), sleep(5_000)])
  })
  afterAll(() => environment?.close())
  const started = () => {
    if (!environment) throw new Error('the demo environment of this file starts in its beforeAll')
    return environment
  }
  const url = () => started().server.url
  return {
    url,
    api: createTestApiClient(url),
    async newContext(options) {
      const context = await started().browser.newContext(options)
      contexts.push(context)
      return context
    },
  }
}

/** The demo page signed in as one user, with locators for the bell and its panel. */
export interface DemoSession {
  context: BrowserContext
  page: Page
  userId: number
  bell: Locator
  bellButton: Locator
  badge: Locator
  panel: Locator
  items: Locator
  streamStatus: Locator
  /** Item texts of the open panel, top to bottom. */
  itemTexts(): Promise<string[]>
  open(): Promise<void>
  close(): Promise<void>
}

/** Opens the demo in a fresh context, signs in through the form and waits for the stream to open. */
export async function openDemo(browser: Browser, baseUrl: string, userId: number, options: BrowserContextOptions = {}): Promise<DemoSession> {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(baseUrl)
  await page
    .getByTestId('sign-in-user')
    .waitFor({ timeout: 10_000 })
    .catch(async (error: unknown) => {
      throw new Error(`the sign-in form never showed (${String(error)}); page errors: ${pageErrors.join(' | ') || 'none'}; body: ${(await page.content()).slice(0, 500)}`)
    })
  await page.getByTestId('sign-in-user').fill(String(userId))
  await page.getByTestId('sign-in-submit').click()
  const bell = page.getByTestId('bell')
  const streamStatus = page.getByTestId('stream-status')
  await eventually(() => streamStatus.textContent(), 15_000).toBe('open')
  const items = bell.locator('.vsa-item')
  const panel = bell.getByRole('dialog')
  const bellButton = bell.locator('button.vsa-bell__button')
  return {
    context,
    page,
    userId,
    bell,
    bellButton,
    badge: bell.locator('.vsa-bell__badge'),
    panel,
    items,
    streamStatus,
    itemTexts: () => items.locator('.vsa-item__content').allTextContents(),
    async open() {
      if ((await bellButton.getAttribute('aria-expanded')) !== 'true') await bellButton.click()
      await panel.waitFor({ state: 'visible' })
    },
    close: () => context.close(),
  }
}

/** Text of the badge, '' when there is none. */
export async function badgeText(session: DemoSession): Promise<string> {
  return (await session.badge.count()) === 0 ? '' : ((await session.badge.textContent()) ?? '')
}

/** `expect.poll` with room for a loaded two-core machine (its default gives up after one second). */
export function eventually<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 50 })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
