// The test API as a process the storm bench stops and starts with exact timing: the next process is loaded and
// waiting (bench/lib/api-standby.ts) before the current one stops, so "down for 2 s" means 2 s.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const STANDBY = fileURLToPath(new URL('./api-standby.ts', import.meta.url))
const TIMEOUT_MS = 60_000

export interface RestartableApi {
  url: string
  port: number
  /** SIGTERM; resolves when the process has exited. */
  stop(): Promise<void>
  /** Lets the waiting process listen on the same port and database; resolves when it does. */
  start(): Promise<void>
  /** Loads the process the next `start()` will use; call while nothing is being measured. */
  prepare(): Promise<void>
  close(): Promise<void>
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** The bench's environment minus variables that would override the CLI arguments. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.PORT
  delete env.TEST_ROUTES
  delete env.PUBLISH_TO
  return env
}

function load(args: string[]): Promise<ChildProcess> {
  const child = fork('server/main.ts', args, {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--import', STANDBY],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: childEnv(),
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`test API did not load in ${TIMEOUT_MS} ms: ${stderr}`))
    }, TIMEOUT_MS)
    child.once('message', () => {
      clearTimeout(timer)
      resolve(child)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`test API exited with ${code} while loading: ${stderr}`))
    })
  })
}

function listen(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`test API exited with ${code} before listening`)))
    child.send('go')
  })
}

/** Starts the test API CLI (`--test-routes` always) with `args`, on a free port kept across restarts. */
export async function startRestartableApi(args: string[]): Promise<RestartableApi> {
  const withRoutes = ['--test-routes', ...args]
  let current = await load(['--port', '0', ...withRoutes])
  const port = await listen(current)
  let next: ChildProcess | undefined
  const stop = async (child: ChildProcess | undefined) => {
    if (!child) return
    child.kill('SIGTERM')
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited(child)
    clearTimeout(force)
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () => stop(current),
    async prepare() {
      next ??= await load(['--port', String(port), ...withRoutes])
    },
    async start() {
      const child = next ?? (await load(['--port', String(port), ...withRoutes]))
      next = undefined
      current = child
      await listen(child)
    },
    async close() {
      await Promise.all([stop(current), stop(next)])
    },
  }
}
