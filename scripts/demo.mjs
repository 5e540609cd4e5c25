// `npm run demo`: the test API (port 8787, SQLite file under .data/, test routes on) plus Vite's dev server,
// which proxies /api to it so the page and the API share one origin. Ctrl-C stops both.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = Number(process.env.PORT ?? 8787)
const children = []
let stopping = false

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`${name} exited (${signal ?? code}); stopping the demo`)
    stop(1)
  })
  return child
}

function stop(code = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 300).unref()
}

process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

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

  const web = start('vite', vite, ['--host', '127.0.0.1'], { API_URL: `http://127.0.0.1:${apiPort}` })
  const [, url] = await waitForLine(web, /Local:\s+(http:\/\/\S+)/)
  console.log(`\nDemo ready: open ${url} (sign in as user 1, then publish from the side panel). Ctrl-C stops it.\n`)
} catch (error) {
  console.error(`demo failed to start: ${error.message}`)
  stop(1)
}
