import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const PEERS = ['vue', 'pinia', 'axios']
let folder: string
let library: string

/** Text no app should ship unless it renders our components. */
const COMPONENT_MARKERS = ['vsa-bell', 'vsa-panel', 'vsa-item', 'vsa-toast', 'Mark all as read', 'data-v-', 'alarms-view']
/** Text of the opt-in features (testing entry, attention signals, preferences, quiet hours, grouping). */
const FEATURE_MARKERS = ['createTestingAlarms', 'setAppBadge', 'createOscillator', 'alarms-preferences', 'alarms-quiet-hours']

/** Development-only prose: option checks, deprecation warnings, long error explanations. */
const DEVELOPMENT_MARKERS = ['is deprecated', 'answered a body', 'right after a successful token refresh']

/** Builds an app from `source` (its main module) against the built library, as an app's Vite build does. */
async function buildApp(name: string, source: string, { bundlePeers = false } = {}): Promise<{ js: string; css: string }> {
  const dir = join(folder, name)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'main.js'), source.replaceAll('vue-sse-alarms', join(library, 'index.js')))
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    // The app's folder is outside the project: bundled peers are found in the project's node_modules.
    resolve: bundlePeers ? { alias: PEERS.map((peer) => ({ find: new RegExp(`^${peer}$`), replacement: join(projectRoot, 'node_modules', peer) })) } : {},
    // What an app's production build defines (a library-mode build, used here to keep the peers out, does not).
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: join(dir, 'out'),
      minify: true,
      lib: { entry: join(dir, 'main.js'), formats: ['es'], fileName: 'app' },
      rolldownOptions: { external: (id: string) => !bundlePeers && PEERS.some((peer) => id === peer || id.startsWith(`${peer}/`)) },
    },
  })
  const files = await readdir(join(dir, 'out'))
  const read = (suffix: string) => Promise.all(files.filter((file) => file.endsWith(suffix)).map((file) => readFile(join(dir, 'out', file), 'utf8')))
  return { js: [...(await read('.js')), ...(await read('.mjs'))].join('\n'), css: (await read('.css')).join('\n') }
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vsa-treeshake-'))
  library = join(folder, 'lib')
  await build({ root: projectRoot, configFile: join(projectRoot, 'vite.config.ts'), logLevel: 'silent', mode: 'production', build: { outDir: library, sourcemap: false } })
}, 120_000)

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

describe('an app built against the library', () => {
  it('ships no component code when it imports only createAlarms and useAlarmsStore', async () => {
    const app = await buildApp(
      'store-only',
      `import { createApp, h } from 'vue'
       import { createPinia } from 'pinia'
       import { createAlarms, useAlarmsStore } from 'vue-sse-alarms'
       const app = createApp({ setup() { const alarms = useAlarmsStore(); return () => h('span', alarms.unreadCount) } })
       app.use(createPinia()).use(createAlarms({ getToken: () => null })).mount('#app')`,
    )
    expect(app.js).toContain('vue-sse-alarms')
    for (const marker of [...COMPONENT_MARKERS, ...FEATURE_MARKERS]) expect(app.js, marker).not.toContain(marker)
    expect(app.js).not.toMatch(/[가-힣]/)
    expect(app.css).toBe('')
  })

  it('ships neither vue nor pinia when it uses only createAlarmsClient (an app without Vue)', async () => {
    // The peers are bundled here, as an app's bundler resolves them: only what is used comes along.
    const source = (exports: string) =>
      `import { ${exports} } from 'vue-sse-alarms'
       const client = createAlarmsClient({ getToken: () => localStorage.getItem('token') })
       client.subscribe((state) => { document.title = String(state.unreadCount) })
       export { ${exports} }`
    const app = await buildApp('client-only', source('createAlarmsClient'), { bundlePeers: true })
    expect(app.js).toContain('text/event-stream')
    // Markers of Vue's reactivity and of Pinia's stores, present in any app that ships them.
    const VUE_AND_PINIA = ['__v_isRef', '__v_skip', '_s.get(']
    for (const marker of [...VUE_AND_PINIA, ...COMPONENT_MARKERS, ...FEATURE_MARKERS]) expect(app.js, marker).not.toContain(marker)
    // The control: the same app that also exports the store ships both.
    const control = await buildApp('client-control', source('createAlarmsClient, useAlarmsStore'), { bundlePeers: true })
    for (const marker of VUE_AND_PINIA) expect(control.js, marker).toContain(marker)
  })

  it('keeps the development checks in the library for the app to drop: its production build ships none of them', async () => {
    const library = (await readdir(folder, { recursive: true })).filter((file) => file.startsWith('lib/') && file.endsWith('.js'))
    const sources = await Promise.all(library.map((file) => readFile(join(folder, file), 'utf8')))
    expect(sources.join('\n')).toContain('process.env.NODE_ENV')
    for (const marker of DEVELOPMENT_MARKERS) expect(sources.join('\n'), marker).toContain(marker)
    const app = await buildApp(
      'production',
      `import { createApp, h } from 'vue'
       import { createPinia } from 'pinia'
       import { createAlarms, useAlarmsStore } from 'vue-sse-alarms'
       const app = createApp({ setup() { const alarms = useAlarmsStore(); return () => h('span', alarms.unreadCount) } })
       app.use(createPinia()).use(createAlarms({ getToken: () => null, onAlarm: () => {} })).mount('#app')`,
    )
    for (const marker of DEVELOPMENT_MARKERS) expect(app.js, marker).not.toContain(marker)
    expect(app.js).not.toContain('process.env')
    expect(app.js).toContain(': not a ')
    // Option checks stay in production: options can come from runtime config.
    expect(app.js).toContain('a non-negative number of milliseconds')
  })

  it('ships the bell when it imports it, and Korean texts only when it imports ko', async () => {
    const bell = await buildApp(
      'bell',
      `import { createApp, h } from 'vue'
       import { AlarmBell, AlarmToasts } from 'vue-sse-alarms'
       createApp({ render: () => [h(AlarmBell), h(AlarmToasts)] }).mount('#app')`,
    )
    expect(bell.js).toContain('vsa-bell')
    expect(bell.js).toContain('vsa-toast')
    for (const marker of FEATURE_MARKERS) expect(bell.js, marker).not.toContain(marker)
    expect(bell.js).not.toMatch(/[가-힣]/)

    const korean = await buildApp(
      'korean',
      `import { createApp, h } from 'vue'
       import { AlarmBell, ko } from 'vue-sse-alarms'
       createApp({ render: () => h(AlarmBell, { labels: ko }) }).mount('#app')`,
    )
    expect(korean.js).toContain('모두 읽음으로 표시')
  })

  it('ships each opt-in feature only to the app that imports it', async () => {
    const app = await buildApp(
      'features',
      `import { createApp, h } from 'vue'
       import { useAlarmAttention, useAlarmPreferences, useAlarmQuietHours } from 'vue-sse-alarms'
       createApp({ setup() { useAlarmAttention(); useAlarmPreferences(); useAlarmQuietHours(); return () => h('i') } }).mount('#app')`,
    )
    for (const marker of FEATURE_MARKERS.filter((name) => name !== 'createTestingAlarms')) expect(app.js, marker).toContain(marker)
    expect(app.js).not.toContain('createTestingAlarms')
  })
})
