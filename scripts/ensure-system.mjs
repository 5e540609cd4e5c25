// `npm test` runs this first, so a machine without a system package the tests drive either gets it or fails in one
// line, instead of in every test that needs it:
//   node scripts/ensure-system.mjs                 checks (installing what is missing), prints the Chromium it uses
//   node scripts/ensure-system.mjs <command…>      then runs the command with CHROMIUM_PATH set to it
// The packages (Debian names): chromium for the browser tests; nginx, libnginx-mod-nchan and redis-server for
// tests/scale. What is missing is installed with apt-get, in one go, if this process is root or has passwordless sudo
// (not with ENSURE_SYSTEM_NO_INSTALL=1); otherwise it exits 1 at once. `SYSTEM_SEARCH_PATH`, when set, replaces PATH
// and the sbin folders where nginx and redis-server are looked for (tests point it at fakes).
import { spawn, spawnSync } from 'node:child_process'
import { constants } from 'node:os'
import { existsSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { BrowserPathError, NO_BROWSER_MESSAGE, findBrowser, findCommand, isMainModule } from './find-browser.mjs'

/** Debian keeps daemons in sbin folders, which a non-root PATH often lacks. */
const SBIN_FOLDERS = ['/usr/local/sbin', '/usr/sbin', '/sbin']

function fail(line) {
  process.stderr.write(`${line}\n`)
  process.exit(1)
}

function systemSearchPath(env) {
  return env.SYSTEM_SEARCH_PATH ?? [env.PATH ?? '', ...SBIN_FOLDERS].join(delimiter)
}

/** The folder nginx loads modules from, as it was built (`nginx -V` prints it on stderr). */
function nginxModulesPath(nginx) {
  const result = spawnSync(nginx, ['-V'], { encoding: 'utf8' })
  return /--modules-path=(\S+)/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`)?.[1] ?? null
}

/** How each package is found: a path, or null when it is missing. */
const FINDERS = {
  chromium(env) {
    try {
      return findBrowser({ env })
    } catch (error) {
      if (error instanceof BrowserPathError) fail(error.message)
      throw error
    }
  },
  nginx: (env) => findCommand(['nginx'], systemSearchPath(env)),
  'libnginx-mod-nchan'(env) {
    const nginx = findCommand(['nginx'], systemSearchPath(env))
    const modules = nginx && nginxModulesPath(nginx)
    const module = modules && join(modules, 'ngx_nchan_module.so')
    return module && existsSync(module) ? module : null
  },
  'redis-server': (env) => findCommand(['redis-server'], systemSearchPath(env)),
}

/** Every package the tests drive, in the order they are reported. */
export const SYSTEM_PACKAGES = Object.keys(FINDERS)

function locate(packages, env) {
  return Object.fromEntries(packages.map((name) => [name, FINDERS[name](env)]))
}

const missingOf = (found) => Object.keys(found).filter((name) => !found[name])

/** One line saying what is missing and how to get it. */
export function missingMessage(missing) {
  if (missing.length === 1 && missing[0] === 'chromium') return NO_BROWSER_MESSAGE
  const browser = missing.includes('chromium') ? '; for Chromium, CHROMIUM_PATH=/path/to/chrome works too' : ''
  return `Missing system packages the tests drive: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')})${browser}`
}

/** How to run apt-get with the rights to install, or null when this machine or user cannot. */
function aptGetCommand(env) {
  if (env.ENSURE_SYSTEM_NO_INSTALL === '1' || env.ENSURE_BROWSER_NO_INSTALL === '1') return null
  const aptGet = findCommand(['apt-get'], env.PATH ?? '')
  if (!aptGet) return null
  if (process.getuid?.() === 0) return { command: aptGet, prefix: [] }
  const sudo = findCommand(['sudo'], env.PATH ?? '')
  // `-n` never prompts: without passwordless sudo this fails at once and the caller reports what to do.
  if (!sudo || spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore' }).status !== 0) return null
  // sudo resets the environment; a variable given on its command line reaches apt-get.
  return { command: sudo, prefix: ['-n', 'DEBIAN_FRONTEND=noninteractive', aptGet] }
}

function install(missing, env) {
  const aptGet = aptGetCommand(env)
  if (!aptGet) fail(missingMessage(missing))
  process.stderr.write(`Installing with apt-get what the tests need: ${missing.join(', ')}\n`)
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
    const result = spawnSync(aptGet.command, [...aptGet.prefix, ...args], {
      // apt's own output goes to stderr, so stdout carries only the browser's path.
      stdio: ['ignore', 2, 2],
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (result.status !== 0) fail(`apt-get ${args.join(' ')} failed. ${missingMessage(missing)}`)
  }
}

/** Runs the command with the browser (and nginx, when found outside PATH) in its environment; ends with its status. */
function runWith(found, env, [command, ...args]) {
  const childEnv = { ...env }
  if (found.chromium) {
    process.stderr.write(`Chromium for the browser tests: ${found.chromium}\n`)
    childEnv.CHROMIUM_PATH = found.chromium
  }
  // The scale tests start `nginx` by name: Debian's /usr/sbin must be on their PATH.
  const nginxFolder = found.nginx && dirname(found.nginx)
  const path = env.PATH ?? ''
  if (nginxFolder && !path.split(delimiter).includes(nginxFolder)) childEnv.PATH = [path, nginxFolder].filter(Boolean).join(delimiter)
  const child = spawn(command, args, { stdio: 'inherit', env: childEnv })
  // Ctrl-C reaches the child from the terminal; stay alive until it has finished.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('error', (error) => fail(`${command}: ${error.message}`))
  // A child killed by a signal ends like a shell reports it: 128 + the signal's number.
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)))
}

/** Makes sure of `packages` (names of SYSTEM_PACKAGES), then runs `command` or prints the Chromium path. */
export function ensureSystem(packages, command, env = process.env) {
  let found = locate(packages, env)
  const missing = missingOf(found)
  if (missing.length > 0) {
    install(missing, env)
    found = locate(packages, env)
    const still = missingOf(found)
    if (still.length > 0) fail(`apt-get installed ${still.join(', ')}, but the tests cannot find it there. ${missingMessage(still)}`)
  }
  if (command.length > 0) runWith(found, env, command)
  else if (found.chromium) process.stdout.write(`${found.chromium}\n`)
}

if (isMainModule(import.meta.url)) ensureSystem(SYSTEM_PACKAGES, process.argv.slice(2))
