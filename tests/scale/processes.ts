// Redis and nginx as child processes of a test or bench: own configs in a temp dir, loopback ports, always stopped.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { access, writeFile } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const START_TIMEOUT_MS = 10_000
const STOP_TIMEOUT_MS = 5_000

const INSTALL_HINT = 'Install them with `apt-get install nginx libnginx-mod-nchan redis-server` (Debian puts nginx in /usr/sbin: it must be on PATH).'

/** Where the tools are, or one error naming everything that is missing. */
export interface ScaleBinaries {
  /** The nchan module, found in the modules path nginx was built with (`nginx -V`). */
  nchanModule: string
}

export async function requireScaleBinaries(): Promise<ScaleBinaries> {
  const missing: string[] = []
  let nchanModule = ''
  try {
    const { stderr } = await run('nginx', ['-V'])
    const modulesPath = /--modules-path=(\S+)/.exec(stderr)?.[1]
    const candidate = modulesPath ? join(modulesPath, 'ngx_nchan_module.so') : ''
    if (candidate && (await access(candidate).then(() => true, () => false))) nchanModule = candidate
    else missing.push(`the nchan module (no ngx_nchan_module.so in ${modulesPath ?? "nginx's modules path"})`)
  } catch {
    missing.push('nginx')
  }
  try {
    await run('redis-server', ['--version'])
  } catch {
    missing.push('redis-server')
  }
  if (missing.length > 0) throw new Error(`The scale tests need nginx with nchan and Redis; missing: ${missing.join(', ')}. ${INSTALL_HINT}`)
  return { nchanModule }
}

/** A port free right now on 127.0.0.1 (for programs that cannot pick their own, like nginx and Redis). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Whether something listens on the loopback port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Waits until something listens on every port (or the process died, or the time ran out). */
async function waitForPorts(child: ChildProcess, ports: number[], what: string, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before listening: ${output()}`)
    if ((await Promise.all(ports.map(accepts))).every(Boolean)) return
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${ports.join(', ')} within ${START_TIMEOUT_MS} ms: ${output()}`)
    await sleep(25)
  }
}

export interface RunningProcess {
  readonly name: string
  readonly pid: number
  /** Sends a signal to the process and everything it started (nginx workers included). */
  signal(signal: NodeJS.Signals): void
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>
  /** SIGTERM, then SIGKILL to the whole group if it lingers. Idempotent. */
  stop(): Promise<void>
}

function track(name: string, child: ChildProcess): RunningProcess {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  const pid = child.pid!
  const signal = (sig: NodeJS.Signals) => {
    try {
      // Negative pid: the process group, so nginx's workers go with their master.
      process.kill(-pid, sig)
    } catch {
      // Already gone.
    }
  }
  let stopping: Promise<void> | undefined
  return {
    name,
    pid,
    signal,
    exited,
    stop() {
      stopping ??= (async () => {
        signal('SIGTERM')
        const timer = setTimeout(() => signal('SIGKILL'), STOP_TIMEOUT_MS)
        await exited
        clearTimeout(timer)
        // Workers outliving a killed master would hold the ports.
        signal('SIGKILL')
      })()
      return stopping
    },
  }
}

function collect(child: ChildProcess): () => string {
  let text = ''
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4000)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return () => text.trim()
}

/** A throwaway Redis: no persistence, loopback only. */
export async function startRedis(dir: string): Promise<RunningProcess & { port: number; url: string }> {
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output = collect(child)
  const processHandle = track('redis', child)
  try {
    await waitForPorts(child, [port], 'redis-server', output)
  } catch (error) {
    await processHandle.stop()
    throw error
  }
  return Object.assign(processHandle, { port, url: `redis://127.0.0.1:${port}` })
}

/** nginx in the foreground with `config` written to `<dir>/<name>.conf`; ready once every port in `ports` accepts. */
export async function startNginx(name: string, config: string, dir: string, ports: number[]): Promise<RunningProcess> {
  const file = join(dir, `${name}.conf`)
  await writeFile(file, config)
  const child = spawn('nginx', ['-p', dir, '-c', file, '-e', 'stderr', '-g', `daemon off; pid ${join(dir, `${name}.pid`)};`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output = collect(child)
  const processHandle = track(name, child)
  try {
    await waitForPorts(child, ports, `nginx ${name}`, output)
  } catch (error) {
    await processHandle.stop()
    throw error
  }
  return processHandle
}
