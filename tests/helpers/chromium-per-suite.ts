import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium, type LaunchedBrowser } from './browser'

/**
 * Launches Chromium before the tests of the enclosing `describe` (or of the file, called at its top) and closes it
 * after them. Returns a reader of the browser, for the suite's tests and later hooks.
 */
export function chromiumPerSuite(): () => Browser {
  let launched: LaunchedBrowser | undefined
  beforeAll(async () => {
    launched = await launchChromium()
  })
  afterAll(async () => {
    await launched?.close()
  })
  return () => {
    if (!launched) throw new Error('Chromium of this suite starts in its beforeAll')
    return launched.browser
  }
}
