import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>
}

/** Launches Chromium with a fresh profile folder; always pair with `close()` in an `afterAll`. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-chromium-'))
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`],
  })
  return {
    browser,
    async close() {
      await browser.close().catch(() => {})
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}
