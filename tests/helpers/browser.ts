import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium; `npx playwright install` cannot download a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

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
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
  return {
    browser,
    async close() {
      await browser.close().catch(() => {})
    },
  }
}
