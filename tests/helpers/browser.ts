import { chromium, type Browser } from 'playwright-core'
import { findBrowser, NO_BROWSER_MESSAGE } from '../../scripts/find-browser.mjs'

/**
 * The Chromium to drive. `npm test` finds (or installs) one first and passes it on as `CHROMIUM_PATH`;
 * a test file run on its own searches the same places (scripts/find-browser.mjs).
 */
export function chromiumPath(): string {
  const path = findBrowser()
  if (!path) throw new Error(NO_BROWSER_MESSAGE)
  return path
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface LaunchedBrowser {
  browser: Browser
  /** Closes the browser; Playwright removes the profile folder it made. */
  close(): Promise<void>
}

/**
 * Launches Chromium; always pair with `close()` in an `afterAll`.
 * Playwright refuses `--user-data-dir` in `args` and instead starts every launch with a fresh temporary one.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
  return {
    browser,
    async close() {
      await browser.close().catch(() => {})
    },
  }
}
