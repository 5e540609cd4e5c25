import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeBinary } from '../helpers/node-release'
import { runCommand } from '../helpers/run-command'
import { stopProcess } from '../helpers/server-process'
import { npmInstall } from '../helpers/npm-install'

/** The app's source, shared by every Nuxt release under test: pages, composables, plugins and the API proxy. */
export const FIXTURE_SOURCE = fileURLToPath(new URL('./fixture', import.meta.url))
const START_TIMEOUT_MS = 20_000

/** A Nuxt release to build the fixture app with, and the Node it runs on. */
export interface NuxtFixtureSpec {
  /** e.g. 'Nuxt 4 (latest)'; names the describe blocks. */
  name: string
  nodeMajor: number
  /** `app`: Nuxt 4's layout, the app's code under app/ and the server's beside it. */
  layout: 'root' | 'app'
  /** What the app's package.json asks for besides the tarball. */
  dependencies: () => Promise<Record<string, string>>
}

/** A built fixture app, ready to serve. */
export interface NuxtFixture {
  dir: string
  /** The Node binary the app was installed, built and is served with. */
  node: string
  nodeVersion: string
  /** Versions npm installed, by package name. */
  installed: Record<string, string>
  /** How long each stage took, in ms. */
  times: { install: number; nuxtBuild: number }
  /** The environment for commands of this app: its Node first on PATH, so `#!/usr/bin/env node` scripts run on it. */
  env: NodeJS.ProcessEnv
  remove(): Promise<void>
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await step()
  return Math.round(performance.now() - start)
}

/** The fixture's source laid out for `layout`, in a new folder outside this project (nothing resolves from ours). */
async function copySource(layout: NuxtFixtureSpec['layout']): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-nuxt-'))
  const appDir = layout === 'app' ? join(dir, 'app') : dir
  for (const name of ['app.vue', 'composables', 'plugins', 'types-check.ts']) await cp(join(FIXTURE_SOURCE, name), join(appDir, name), { recursive: true })
  for (const name of ['server', 'nuxt.config.ts', 'config-types-check.ts']) await cp(join(FIXTURE_SOURCE, name), join(dir, name), { recursive: true })
  if (layout === 'root') {
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: './.nuxt/tsconfig.json' }))
    return dir
  }
  // Nuxt 4 writes one tsconfig per part of the app (app, server, shared, node) and checks them as references. The
  // config keys modules add are typed in the node part only, so the config check joins that part.
  const parts = ['app', 'server', 'shared', 'node'].map((part) => `./.nuxt/tsconfig.${part}.json`)
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references: [...parts, './tsconfig.config-check.json'].map((path) => ({ path })) }))
  await writeFile(join(dir, 'tsconfig.config-check.json'), JSON.stringify({ extends: './.nuxt/tsconfig.node.json', include: ['./.nuxt/nuxt.node.d.ts', './config-types-check.ts'] }))
  return dir
}

/**
 * Installs the packed tarball with the spec's Nuxt, Pinia and Vue into a fresh copy of the fixture app, with a
 * plain `npm install` run by the spec's Node, and builds the app with `nuxi build`.
 */
/** `buildEnv`: variables for `nuxi build` only (the fixture reads some at build time). */
export async function buildFixtureApp(spec: NuxtFixtureSpec, tarball: string, buildEnv: Record<string, string> = {}): Promise<NuxtFixture> {
  const { binary: node, version: nodeVersion } = await nodeBinary(spec.nodeMajor)
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`, NUXT_TELEMETRY_DISABLED: '1' }
  const dir = await copySource(spec.layout)
  const remove = () => rm(dir, { recursive: true, force: true })
  try {
    const dependencies = { 'vue-sse-alarms': `file:${tarball}`, ...(await spec.dependencies()) }
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'vue-sse-alarms-nuxt-fixture', private: true, type: 'module', allowScripts: { esbuild: true, '@parcel/watcher': true }, dependencies }, null, 2))
    const install = await timed(() => npmInstall({ cwd: dir, env }))
    const nuxtBuild = await timed(() => runCommand(join(dir, 'node_modules/.bin/nuxi'), ['build'], { cwd: dir, env: { ...env, ...buildEnv } }))
    const installed: Record<string, string> = {}
    for (const name of Object.keys(dependencies)) {
      installed[name] = (JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
    }
    return { dir, node, nodeVersion, installed, times: { install, nuxtBuild }, env, remove }
  } catch (error) {
    // A failed install or build leaves nothing behind: the caller never gets a fixture to remove.
    await remove()
    throw error
  }
}

/** `nuxi typecheck` in the app, on its Node; resolves with what it printed. */
export async function typecheckFixtureApp(fixture: NuxtFixture): Promise<string> {
  const { stdout, stderr } = await runCommand(join(fixture.dir, 'node_modules/.bin/nuxi'), ['typecheck'], { cwd: fixture.dir, env: fixture.env })
  return `${stdout}${stderr}`
}

export interface NitroServer {
  url: string
  close(): Promise<void>
}

/** The built app's own Nitro server, on the app's Node, on a free loopback port; `env` is its runtime configuration. */
export function startNitro(fixture: NuxtFixture, env: Record<string, string>): Promise<NitroServer> {
  const inherited = { ...fixture.env }
  for (const name of ['PORT', 'HOST', 'NITRO_PORT', 'NITRO_HOST']) delete inherited[name]
  const child = spawn(fixture.node, ['.output/server/index.mjs'], {
    cwd: fixture.dir,
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
