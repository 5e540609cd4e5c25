import { mkdir, writeFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserPathError, NO_BROWSER_MESSAGE, findBrowser, isExecutableFile } from '../../scripts/find-browser.mjs'
import { createScratch, nowhereEnv, runScript, writeExecutable, type ScratchFolders } from './fixtures'

let scratch: ScratchFolders
/** Every place the finder looks, each an empty folder: what a machine without a browser looks like. */
let nowhere: Record<string, string>

beforeAll(async () => {
  scratch = await createScratch('find-browser-')
  nowhere = await nowhereEnv(scratch)
})
afterAll(() => scratch.remove())

describe('findBrowser', () => {
  it('returns nothing when every place it searches is empty', () => {
    expect(findBrowser({ env: nowhere })).toBeNull()
  })

  it('returns a chromium it finds on the search path', async () => {
    const bin = await scratch.folder('bin')
    const chromium = await writeExecutable(join(bin, 'chromium'))
    expect(findBrowser({ env: { ...nowhere, BROWSER_SEARCH_PATH: bin } })).toBe(chromium)
  })

  it('prefers chromium to google-chrome even when Chrome comes first on the search path', async () => {
    const chromeBin = await scratch.folder('chrome-bin')
    const chromiumBin = await scratch.folder('chromium-bin')
    await writeExecutable(join(chromeBin, 'google-chrome'))
    const chromium = await writeExecutable(join(chromiumBin, 'chromium-browser'))
    const env = { ...nowhere, BROWSER_SEARCH_PATH: [chromeBin, chromiumBin].join(delimiter) }
    expect(findBrowser({ env })).toBe(chromium)
  })

  it('passes over a chromium that is not executable, and a folder named chromium', async () => {
    const bin = await scratch.folder('bin')
    await writeFile(join(bin, 'chromium'), 'not a program')
    await mkdir(join(bin, 'chromium-browser'))
    const chrome = await writeExecutable(join(bin, 'google-chrome-stable'))
    expect(findBrowser({ env: { ...nowhere, BROWSER_SEARCH_PATH: bin } })).toBe(chrome)
  })

  it('takes CHROMIUM_PATH before anything on the search path, then CHROME_PATH', async () => {
    const bin = await scratch.folder('bin')
    await writeExecutable(join(bin, 'chromium'))
    const chosen = await writeExecutable(join(await scratch.folder('chosen'), 'my-chromium'))
    const chrome = await writeExecutable(join(await scratch.folder('chrome'), 'chrome'))
    const env = { ...nowhere, BROWSER_SEARCH_PATH: bin, CHROME_PATH: chrome }
    expect(findBrowser({ env: { ...env, CHROMIUM_PATH: chosen } })).toBe(chosen)
    expect(findBrowser({ env })).toBe(chrome)
  })

  it('refuses a CHROMIUM_PATH that is not an executable instead of quietly using another browser', async () => {
    const bin = await scratch.folder('bin')
    await writeExecutable(join(bin, 'chromium'))
    const missing = join(bin, 'no-such-browser')
    const find = () => findBrowser({ env: { ...nowhere, BROWSER_SEARCH_PATH: bin, CHROMIUM_PATH: missing } })
    expect(find).toThrow(BrowserPathError)
    expect(find).toThrow(`CHROMIUM_PATH is set to ${missing}, which is not an executable file`)
  })

  it("finds the newest Chromium in PLAYWRIGHT_BROWSERS_PATH, in the old and the new download layout", async () => {
    const cache = await scratch.folder('playwright')
    // Neither order of the names as text puts 1255 first: the revisions are compared as numbers.
    await writeExecutable(join(cache, 'chromium-999/chrome-linux/chrome'))
    await writeExecutable(join(cache, 'chromium-1100/chrome-linux64/chrome'))
    const newest = await writeExecutable(join(cache, 'chromium-1255/chrome-linux64/chrome'))
    await writeExecutable(join(cache, 'chromium_headless_shell-1300/chrome-headless-shell-linux64/chrome-headless-shell'))
    expect(findBrowser({ env: { ...nowhere, PLAYWRIGHT_BROWSERS_PATH: cache } })).toBe(newest)
  })

  it("falls back to Playwright's headless shell when it downloaded no full Chromium", async () => {
    const cache = await scratch.folder('playwright')
    await mkdir(join(cache, 'chromium-1255'))
    const shell = await writeExecutable(join(cache, 'chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell'))
    expect(findBrowser({ env: { ...nowhere, PLAYWRIGHT_BROWSERS_PATH: cache } })).toBe(shell)
  })

  it("looks in Playwright's default cache under XDG_CACHE_HOME, else under HOME/.cache", async () => {
    const { PLAYWRIGHT_BROWSERS_PATH: _unset, ...withoutPlaywrightPath } = nowhere
    const xdg = await scratch.folder('xdg')
    const inXdg = await writeExecutable(join(xdg, 'ms-playwright/chromium-1/chrome-linux/chrome'))
    expect(findBrowser({ env: { ...withoutPlaywrightPath, XDG_CACHE_HOME: xdg } })).toBe(inXdg)
    const home = await scratch.folder('home')
    const inHome = await writeExecutable(join(home, '.cache/ms-playwright/chromium-2/chrome-linux64/chrome'))
    expect(findBrowser({ env: { ...withoutPlaywrightPath, HOME: home } })).toBe(inHome)
  })

  it('checks /usr/bin/chromium before PATH when no search path replaces them', async () => {
    const bin = await scratch.folder('bin')
    const onPath = await writeExecutable(join(bin, 'chromium'))
    const { BROWSER_SEARCH_PATH: _unset, ...env } = nowhere
    const expected = isExecutableFile('/usr/bin/chromium') ? '/usr/bin/chromium' : onPath
    expect(findBrowser({ env: { ...env, PATH: bin } })).toBe(expected)
  })
})

describe('scripts/find-browser.mjs as a command', () => {
  const runFinder = (env: Record<string, string>) => runScript('find-browser.mjs', env)

  it('prints the browser it finds', async () => {
    const bin = await scratch.folder('bin')
    const chromium = await writeExecutable(join(bin, 'chromium'))
    expect(await runFinder({ ...nowhere, BROWSER_SEARCH_PATH: bin })).toEqual({ code: 0, stdout: `${chromium}\n`, stderr: '' })
  })

  it('exits 1 with one line saying how to get a browser when there is none', async () => {
    expect(await runFinder(nowhere)).toEqual({ code: 1, stdout: '', stderr: `${NO_BROWSER_MESSAGE}\n` })
  })
})
