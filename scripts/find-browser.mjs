// Finds a Chromium for the browser tests and benches; downloads and installs nothing.
// `node scripts/find-browser.mjs` prints the path it finds, or says how to get one and exits 1.
// Types: find-browser.d.mts.
import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const NO_BROWSER_MESSAGE =
  'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install chromium; elsewhere: npx playwright-core install chromium) or set CHROMIUM_PATH=/path/to/chrome'

/** Commands looked up on the search path, best first. */
export const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/** Checked before the search path: Debian's package, in case a stub of the same name comes first on PATH. */
const SYSTEM_BROWSERS = ['/usr/bin/chromium']

// Folder prefixes in Playwright's browser cache and the executables inside them, newest layout first
// (Chrome for Testing builds use *-linux64; older Playwright releases used chrome-linux).
const PLAYWRIGHT_BUILDS = [
  ['chromium-', ['chrome-linux64/chrome', 'chrome-linux-arm64/chrome', 'chrome-linux/chrome']],
  [
    'chromium_headless_shell-',
    [
      'chrome-headless-shell-linux64/chrome-headless-shell',
      'chrome-headless-shell-linux-arm64/chrome-headless-shell',
      'chrome-linux/headless_shell',
    ],
  ],
]

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/** An explicit browser setting that names no executable: an error, not a reason to quietly use another one. */
export class BrowserPathError extends Error {
  name = 'BrowserPathError'
}

export function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first of `commands` found in the folders of `searchPath` (a PATH-style list), or null. */
export function findCommand(commands, searchPath = process.env.PATH ?? '') {
  const folders = searchPath.split(delimiter).filter(Boolean)
  for (const command of commands) {
    for (const folder of folders) {
      const path = join(folder, command)
      if (isExecutableFile(path)) return path
    }
  }
  return null
}

/** Where Playwright keeps its downloads, as Playwright itself decides it (Linux). */
function playwrightCache(env) {
  const configured = env.PLAYWRIGHT_BROWSERS_PATH
  if (configured === '0') return join(projectRoot, 'node_modules/playwright-core/.local-browsers')
  if (configured) return resolve(env.INIT_CWD ?? process.cwd(), configured)
  return join(env.XDG_CACHE_HOME || join(env.HOME ?? homedir(), '.cache'), 'ms-playwright')
}

function revisionOf(folder, prefix) {
  const revision = Number(folder.slice(prefix.length))
  return Number.isFinite(revision) ? revision : -1
}

/** Playwright's downloaded Chromium, the newest revision first, then its headless shell. */
function findPlaywrightBrowser(env) {
  const cache = playwrightCache(env)
  let folders
  try {
    folders = readdirSync(cache)
  } catch {
    return null
  }
  for (const [prefix, executables] of PLAYWRIGHT_BUILDS) {
    const builds = folders.filter((folder) => folder.startsWith(prefix))
    builds.sort((a, b) => revisionOf(b, prefix) - revisionOf(a, prefix))
    for (const build of builds) {
      for (const executable of executables) {
        const path = join(cache, build, executable)
        if (isExecutableFile(path)) return path
      }
    }
  }
  return null
}

/**
 * The Chromium to drive, or null. In order: `CHROMIUM_PATH`, `CHROME_PATH`, /usr/bin/chromium, the
 * commands of BROWSER_COMMANDS on `PATH`, then Playwright's downloaded browsers. `BROWSER_SEARCH_PATH`,
 * when set, replaces /usr/bin/chromium and `PATH` (tests point it at empty folders).
 * Throws BrowserPathError when `CHROMIUM_PATH` or `CHROME_PATH` is set to something that is not an executable.
 */
export function findBrowser({ env = process.env } = {}) {
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH']) {
    const path = env[name]
    if (!path) continue
    if (!isExecutableFile(path)) throw new BrowserPathError(`${name} is set to ${path}, which is not an executable file`)
    return path
  }
  const searchPath = env.BROWSER_SEARCH_PATH
  if (searchPath === undefined) {
    const system = SYSTEM_BROWSERS.find(isExecutableFile)
    if (system) return system
  }
  return findCommand(BROWSER_COMMANDS, searchPath ?? env.PATH ?? '') ?? findPlaywrightBrowser(env)
}

/** True when Node was started with this file (`node scripts/find-browser.mjs`), not when it is imported. */
export function isMainModule(moduleUrl) {
  const script = process.argv[1]
  if (!script) return false
  try {
    return moduleUrl === pathToFileURL(realpathSync(script)).href
  } catch {
    return false
  }
}

if (isMainModule(import.meta.url)) {
  try {
    const path = findBrowser()
    if (path) process.stdout.write(`${path}\n`)
    else {
      process.stderr.write(`${NO_BROWSER_MESSAGE}\n`)
      process.exitCode = 1
    }
  } catch (error) {
    if (!(error instanceof BrowserPathError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exitCode = 1
  }
}
