import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCommand } from '../helpers/run-command'
import { npmInstall } from '../helpers/npm-install'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { PROJECT_ROOT, timed } from './packed-library'
import { LIVE_ALARM_SCRIPT, runLiveAlarm } from './run-live-alarm'

/** The packages a new Vue app starts with. */
const APP_PACKAGES = ['vue', 'pinia', 'axios', 'typescript', 'vite', '@vitejs/plugin-vue', 'vue-tsc'] as const
type AppPackage = (typeof APP_PACKAGES)[number]
type Versions = Partial<Record<AppPackage, string>>

const PEERS = (JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> }).peerDependencies

/** The lowest version a range allows: for `^a.b.c || …` and `>=a.b.c <…`, its first version. */
function lowestAllowed(range: string): string {
  const lowest = /\d+\.\d+\.\d+/.exec(range)
  if (!lowest) throw new Error(`no version in the range ${range}`)
  return lowest[0]
}

/**
 * The lowest vue, pinia and axios the peer ranges allow, with the TypeScript, Vite and vue-tsc of the same weeks
 * (September 2024): a project that has not upgraded since.
 */
async function oldestVersions(): Promise<Versions> {
  return {
    vue: lowestAllowed(PEERS.vue!),
    pinia: lowestAllowed(PEERS.pinia!),
    axios: lowestAllowed(PEERS.axios!),
    typescript: '5.5.4',
    vite: '5.4.3',
    '@vitejs/plugin-vue': '5.1.3',
    'vue-tsc': '2.1.6',
  }
}

/** Today's releases, asked of the registry when the test runs, so a new major turns this red the day it ships. */
async function latestVersions(): Promise<Versions> {
  const entries = await Promise.all(
    APP_PACKAGES.map(async (name) => {
      const { stdout } = await runCommand('npm', ['view', `${name}@latest`, 'version'], { cwd: tmpdir() })
      return [name, stdout.trim()] as const
    }),
  )
  const versions: Versions = Object.fromEntries(entries)
  // vue-tsc drives TypeScript's JavaScript API, which TypeScript 7 (the native compiler) no longer ships; such an
  // app checks its modules with tsc alone, and the build compiles its components.
  if (Number(versions.typescript!.split('.')[0]) >= 7) delete versions['vue-tsc']
  return versions
}

/** Every public entry point an app imports, used the way the docs show; checked with skipLibCheck off. */
const MAIN_TS = `import { createApp } from 'vue'
import { createPinia } from 'pinia'
import axios from 'axios'
import { AlarmBell, createAlarms, createAlarmsApi, useAlarmsStore, type Alarm, type AlarmsStatus } from 'vue-sse-alarms'
import { openAlarmStream, type AlarmStreamStatus } from 'vue-sse-alarms/stream'
import 'vue-sse-alarms/style.css'
import App from './App.vue'

const app = createApp(App)
app.use(createPinia())
app.use(createAlarms({ baseURL: '/api', getToken: () => localStorage.getItem('token'), pageSize: 20 }))
const store = app.runWithContext(() => useAlarmsStore())
const status: AlarmsStatus = store.status
const first: Alarm | undefined = store.items[0]
const unread: number = store.unreadCount
const api = createAlarmsApi(axios.create({ baseURL: '/api' }))
const stream = openAlarmStream({ url: '/api/subscribe', getToken: () => 'token', onStatus: (next: AlarmStreamStatus) => console.log(next) })
stream.close()
export { status, first, unread, api, AlarmBell }
app.mount('#app')
`

const APP_VUE = `<script setup lang="ts">
import { AlarmBell, useAlarmsStore } from 'vue-sse-alarms'
const alarms = useAlarmsStore()
</script>

<template>
  <header>
    <AlarmBell />
    <span>{{ alarms.unreadCount }}</span>
  </header>
</template>
`

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    verbatimModuleSyntax: true,
    lib: ['ES2022', 'DOM'],
    types: ['vite/client'],
  },
  include: ['src/**/*.ts', 'src/**/*.vue'],
}

interface AppKind {
  name: 'today' | 'oldest'
  versions: () => Promise<Versions>
}

const KINDS: AppKind[] = [
  { name: 'today', versions: latestVersions },
  { name: 'oldest', versions: oldestVersions },
]

let api: TestServer
let nextUserId = 2900

beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api?.close())

// A new app made with each kind's versions installs the packed tarball with a plain `npm install`: no --force,
// no --legacy-peer-deps, so a peer range that leaves out a release users get fails the install.
describe.each(KINDS)('a fresh Vue app on the $name releases', (kind) => {
  let appDir = ''
  const times: Record<string, number> = {}
  let requested: Versions

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), `vue-sse-alarms-${kind.name}-`))
    requested = await kind.versions()
    await mkdir(join(appDir, 'src'))
    await writeFile(
      join(appDir, 'package.json'),
      JSON.stringify({ name: `${kind.name}-app`, private: true, type: 'module', allowScripts: { esbuild: true }, dependencies: { 'vue-sse-alarms': `file:${inject('packedTarball')}`, ...requested } }, null, 2),
    )
    await writeFile(join(appDir, 'index.html'), '<div id="app"></div><script type="module" src="/src/main.ts"></script>')
    await writeFile(join(appDir, 'src/main.ts'), MAIN_TS)
    await writeFile(join(appDir, 'src/App.vue'), APP_VUE)
    // For tsc, which reads no .vue file; vue-tsc checks the component itself and ignores this.
    await writeFile(join(appDir, 'src/shims-vue.d.ts'), "declare module '*.vue' {\n  import type { DefineComponent } from 'vue'\n  const component: DefineComponent\n  export default component\n}\n")
    await writeFile(join(appDir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
    await writeFile(join(appDir, 'vite.config.ts'), "import vue from '@vitejs/plugin-vue'\nexport default { plugins: [vue()] }\n")
    await copyFile(LIVE_ALARM_SCRIPT, join(appDir, 'live-alarm.mjs'))
    // Exact versions, so the packages already in npm's cache need no registry round trip.
    times.install = (await timed(() => npmInstall({ cwd: appDir }))).ms
  }, 300_000)

  afterAll(async () => {
    process.stdout.write(`compat ${kind.name}: ${Object.entries(times).map(([stage, ms]) => `${stage} ${ms} ms`).join(', ')}\n`)
    if (appDir) await rm(appDir, { recursive: true, force: true })
  })

  it('installs exactly the versions asked for, and the tarball', async () => {
    const installed: Record<string, string> = {}
    for (const name of [...Object.keys(requested), 'vue-sse-alarms']) {
      installed[name] = (JSON.parse(await readFile(join(appDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
    }
    process.stdout.write(`compat ${kind.name} resolved: ${Object.entries(installed).map(([name, version]) => `${name}@${version}`).join(' ')}\n`)
    expect(installed).toEqual({ ...requested, 'vue-sse-alarms': expect.any(String) })
  })

  it('type-checks a module and a component that use the public API, with skipLibCheck off', async () => {
    // vue-tsc checks both; where it cannot run on the app's TypeScript, tsc checks the module and the build below
    // compiles the component.
    const checker = requested['vue-tsc'] ? 'vue-tsc' : 'tsc'
    const { result, ms } = await timed(() => runCommand(join(appDir, 'node_modules/.bin', checker), ['--noEmit', '-p', 'tsconfig.json'], { cwd: appDir }))
    times[checker] = ms
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/error/i)
  }, 180_000)

  it('builds with vite', async () => {
    const { result, ms } = await timed(() => runCommand(join(appDir, 'node_modules/.bin/vite'), ['build'], { cwd: appDir }))
    times.build = ms
    expect(result.stdout).toMatch(/built in/)
    const html = await readFile(join(appDir, 'dist/index.html'), 'utf8')
    expect(html).toMatch(/<script type="module"[^>]*src="\/assets\/index-[\w-]+\.js"/)
  }, 180_000)

  it('receives a live alarm in Node through the stream entry and the store, on its own installed packages', async () => {
    const { result, ms } = await timed(() => runLiveAlarm(process.execPath, join(appDir, 'live-alarm.mjs'), appDir, api.url, ++nextUserId))
    times.liveAlarm = ms
    expect(result.streamStatus).toBe('open')
    expect(result.storeStatus).toBe('open')
    expect(result.streamed).toBe(1)
    expect(result.stored).toEqual([`Live on Node ${process.versions.node}`])
  }, 60_000)
})
