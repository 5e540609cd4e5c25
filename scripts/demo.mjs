// `npm run demo`: the test API (port 8787, SQLite file under .data/, test routes on) plus Vite's dev server,
// which proxies /api to it so the page and the API share one origin. Ctrl-C (SIGINT) or SIGTERM stops both.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = Number(process.env.PORT ?? 8787)
/** Grace before what is still running gets SIGKILL. */
const STOP_GRACE_MS = 3000
const children = []
let stopping = false

function start(name, command, args, env = {}) {
  // Each child leads a process group of its own: tsx runs the API in a grandchild, and a signal to the group
  // reaches it too (a signal to the child alone left it running).
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  children.push(child)
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`${name} exited (${signal ?? code}); stopping the demo`)
    void stop(1)
  })
  return child
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

const exited = (child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)))

/** Stops every group it started, waits for them, and only then exits (npm and shells see a clean stop). */
async function stop(code = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) signalGroup(child, 'SIGTERM')
  const killer = setTimeout(() => children.forEach((child) => signalGroup(child, 'SIGKILL')), STOP_GRACE_MS)
  await Promise.all(children.map(exited))
  clearTimeout(killer)
  // Grandchildren may outlive their group leader by a moment: the group gets the last word.
  for (const child of children) signalGroup(child, 'SIGKILL')
  process.exit(code)
}

process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))
process.on('SIGHUP', () => void stop(0))

/** Resolves with the first stdout line matching `pattern`, echoing everything. */
function waitForLine(child, pattern) {
  return new Promise((resolve, reject) => {
    let buffered = ''
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString()
      process.stdout.write(text)
      if (buffered === null) return
      buffered += text
      const match = pattern.exec(buffered.replace(/\x1b\[[0-9;]*m/g, ''))
      if (match) {
        buffered = null
        resolve(match)
      }
    })
    child.on('exit', () => reject(new Error('exited before it was ready')))
  })
}

mkdirSync(`${root}/.data`, { recursive: true })
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url))
const vite = fileURLToPath(new URL('../node_modules/.bin/vite', import.meta.url))

try {
  const api = start('test API', tsx, ['server/main.ts', '--port', String(apiPort), '--db', '.data/demo.sqlite', '--test-routes'])
  await waitForLine(api, /listening on (http:\/\/\S+)/)

  const webPort = process.env.DEMO_PORT ? ['--port', process.env.DEMO_PORT, '--strictPort'] : []
  const web = start('vite', vite, ['--host', '127.0.0.1', ...webPort], { API_URL: `http://127.0.0.1:${apiPort}` })
  const [, url] = await waitForLine(web, /Local:\s+(http:\/\/\S+)/)
  console.log(`\nDemo ready: open ${url} (sign in as user 1, then publish from the side panel). Ctrl-C stops it.\n`)
} catch (error) {
  console.error(`demo failed to start: ${error.message}`)
  void stop(1)
}
