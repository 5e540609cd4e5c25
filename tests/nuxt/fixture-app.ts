import { spawn } from 'node:child_process'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCommand as run } from '../helpers/run-command'
import { stopProcess } from '../helpers/server-process'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURE_DIR = fileURLToPath(new URL('./fixture', import.meta.url))
const PACK_DIR = join(FIXTURE_DIR, '.pack')
const START_TIMEOUT_MS = 20_000

/** How long each step of {@link buildFixtureApp} took, in ms. */
export interface FixtureBuildTimes {
  library: number
  install: number
  nuxtBuild: number
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await step()
  return Math.round(performance.now() - start)
}

/**
 * Builds the library, packs it, installs the tarball into the fixture app the way a user would (its peers, Nuxt
 * and Pinia, come from this project's own install, found up the directory tree), and builds the app with `nuxi`.
 */
export async function buildFixtureApp(buildEnv: Record<string, string> = {}): Promise<FixtureBuildTimes> {
  const library = await timed(async () => {
    await run('npm', ['run', 'build'], { cwd: PROJECT_ROOT })
    await rm(PACK_DIR, { recursive: true, force: true })
    await mkdir(PACK_DIR)
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', PACK_DIR], { cwd: PROJECT_ROOT })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
    // The fixture's package.json names one fixed file, whatever the version.
    await rename(join(PACK_DIR, packed!.filename), join(PACK_DIR, 'vue-sse-alarms.tgz'))
  })
  const install = await timed(async () => {
    await rm(join(FIXTURE_DIR, 'node_modules/vue-sse-alarms'), { recursive: true, force: true })
    // Peers are not installed again: the app finds this project's vue, pinia, nuxt and @pinia/nuxt.
    await run('npm', ['install', '--no-package-lock', '--legacy-peer-deps', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: FIXTURE_DIR })
  })
  const nuxtBuild = await timed(() =>
    run(join(PROJECT_ROOT, 'node_modules/.bin/nuxi'), ['build'], { cwd: FIXTURE_DIR, env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1', ...buildEnv } }),
  )
  return { library, install, nuxtBuild }
}

export interface NitroServer {
  url: string
  close(): Promise<void>
}

/** The built app's own Nitro server on a free loopback port; `env` is its runtime configuration. */
export function startNitro(env: Record<string, string>): Promise<NitroServer> {
  const inherited = { ...process.env }
  for (const name of ['PORT', 'HOST', 'NITRO_PORT', 'NITRO_HOST']) delete inherited[name]
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    cwd: FIXTURE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, NITRO_HOST: '127.0.0.1', NITRO_PORT: '0', ...env },
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the Nuxt server did not start in ${START_TIMEOUT_MS} ms: ${output}`))
    }, START_TIMEOUT_MS)
    const onData = (chunk: string) => {
      output += chunk
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolve({ url: match[1]!, close: () => stopProcess(child) })
    }
    child.stdout!.setEncoding('utf8').on('data', onData)
    child.stderr!.setEncoding('utf8').on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the Nuxt server exited with ${code} before listening: ${output}`))
    })
  })
}
