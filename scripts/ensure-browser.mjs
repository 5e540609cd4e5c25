// `npm test` runs this first, so a machine without Chromium fails in one line instead of in every browser test.
//   node scripts/ensure-browser.mjs                 prints the Chromium it finds
//   node scripts/ensure-browser.mjs <command…>      runs the command with CHROMIUM_PATH set to it
// When find-browser.mjs finds none, it installs Debian's `chromium` with apt-get if this process is root or
// has passwordless sudo (not with ENSURE_BROWSER_NO_INSTALL=1); otherwise it exits 1 at once.
import { spawn, spawnSync } from 'node:child_process'
import { constants } from 'node:os'
import { BrowserPathError, NO_BROWSER_MESSAGE, findBrowser, findCommand } from './find-browser.mjs'

function fail(line) {
  process.stderr.write(`${line}\n`)
  process.exit(1)
}

function locate() {
  try {
    return findBrowser()
  } catch (error) {
    if (error instanceof BrowserPathError) fail(error.message)
    throw error
  }
}

/** How to run apt-get with the rights to install, or null when this machine or user cannot. */
function aptGetCommand() {
  if (process.env.ENSURE_BROWSER_NO_INSTALL === '1') return null
  const aptGet = findCommand(['apt-get'])
  if (!aptGet) return null
  if (process.getuid?.() === 0) return { command: aptGet, prefix: [] }
  const sudo = findCommand(['sudo'])
  // `-n` never prompts: without passwordless sudo this fails at once and the caller reports what to do.
  if (!sudo || spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore' }).status !== 0) return null
  // sudo resets the environment; a variable given on its command line reaches apt-get.
  return { command: sudo, prefix: ['-n', 'DEBIAN_FRONTEND=noninteractive', aptGet] }
}

function installChromium() {
  const aptGet = aptGetCommand()
  if (!aptGet) fail(NO_BROWSER_MESSAGE)
  process.stderr.write("No Chromium found; installing Debian's chromium with apt-get\n")
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync(aptGet.command, [...aptGet.prefix, ...args], {
      // apt's own output goes to stderr, so stdout carries only the path.
      stdio: ['ignore', 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (result.status !== 0) fail(`apt-get ${args.join(' ')} failed. ${NO_BROWSER_MESSAGE}`)
  }
}

/** Runs the command with the browser in its environment and ends with its exit status. */
function runWith(browserPath, [command, ...args]) {
  process.stderr.write(`Chromium for the browser tests: ${browserPath}\n`)
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: browserPath } })
  // Ctrl-C reaches the child from the terminal; stay alive until it has finished.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('error', (error) => fail(`${command}: ${error.message}`))
  // A child killed by a signal ends like a shell reports it: 128 + the signal's number.
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)))
}

let browserPath = locate()
if (!browserPath) {
  installChromium()
  browserPath = locate()
  if (!browserPath) fail(`apt-get installed chromium, but it is not where the finder looks. ${NO_BROWSER_MESSAGE}`)
}

const command = process.argv.slice(2)
if (command.length > 0) runWith(browserPath, command)
else process.stdout.write(`${browserPath}\n`)
