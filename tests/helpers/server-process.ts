import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { FLAGS } from '../../server/cli'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))
const START_TIMEOUT_MS = 15_000

export interface SpawnTestApiOptions {
  /** SQLite file kept across restarts. */
  dbFile: string
  /** @default 0 (a free port, kept for restarts) */
  port?: number
  /** Extra CLI arguments; `--test-routes` is always passed. */
  args?: string[]
}

export interface TestApiProcess {
  url: string
  port: number
  /** Stops the process (SIGTERM) and starts it again on the same port and database. */
  restart(): Promise<void>
  close(): Promise<void>
}

interface Running {
  child: ChildProcess
  port: number
}

/** The parent's environment minus the test API's own variables, so only the CLI arguments configure it. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const flag of FLAGS) delete env[flag.env]
  return env
}

function start(port: number, options: SpawnTestApiOptions): Promise<Running> {
  const child = spawn(TSX, ['server/main.ts', '--port', String(port), '--db', options.dbFile, '--test-routes', ...(options.args ?? [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
  })
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`test API did not start in ${START_TIMEOUT_MS} ms: ${stderr}`))
    }, START_TIMEOUT_MS)
    child.stdout!.setEncoding('utf8')
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk
    })
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve({ child, port: Number(match[1]) })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`test API exited with ${code} before listening: ${stderr}`))
    })
  })
}

/** Ends a child process with SIGTERM (SIGKILL after 5 s) and resolves once it has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Runs the test API CLI as a child process, so tests can restart it on the same database file. */
export async function spawnTestApi(options: SpawnTestApiOptions): Promise<TestApiProcess> {
  let running = await start(options.port ?? 0, options)
  const port = running.port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async restart() {
      await stopProcess(running.child)
      running = await start(port, options)
    },
    async close() {
      await stopProcess(running.child)
    },
  }
}
