// Bundle sizes, min+gzip, peers external, production defines: each entry built alone with vite's build().
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { buildEntry } from './lib/build-entry'
import { runBench } from './lib/result'

const root = fileURLToPath(new URL('..', import.meta.url))
const outRoot = fileURLToPath(new URL('./.tmp/sizes/', import.meta.url))


interface Target {
  name: string
  /** Module source of the entry: what an app would import. */
  entry: string
  /** Also left out of the bundle (peers always are). */
  external?: (id: string, importer: string | undefined) => boolean
}

const index = JSON.stringify(join(root, 'src/index.ts'))
/** What the components build on, counted in the core row: left out to measure the components alone. */
const CORE_FOLDERS = ['store', 'client', 'plugin', 'resolve-options', 'api', 'stream', 'tabs', 'alarms', 'errors'].map((part) => join(root, 'src', part))
const isCore = (id: string, importer: string | undefined) =>
  importer !== undefined && id.startsWith('.') && CORE_FOLDERS.some((folder) => resolve(dirname(importer), id).startsWith(folder))

/** Opt-in features: each measured as core + the feature, minus the core alone. */
const FEATURES = [
  { name: 'attention (useAlarmAttention)', exports: 'useAlarmAttention' },
  { name: 'preferences (useAlarmPreferences)', exports: 'useAlarmPreferences' },
  { name: 'preferences + <AlarmPreferences>', exports: 'useAlarmPreferences, AlarmPreferences' },
  { name: 'quiet hours (useAlarmQuietHours)', exports: 'useAlarmQuietHours' },
]

/** Per-layer entries, only to explain where the whole library's bytes go (each includes what it imports). */
const LAYERS = ['alarms', 'api', 'stream', 'tabs', 'store', 'components'].map((layer) => ({
  name: `layer src/${layer}`,
  entry: `export * from ${JSON.stringify(join(root, `src/${layer}/index.ts`))}\n`,
}))

const GROUPED_BURSTS = 'grouped bursts (burst counter), core external'

const TARGETS: Target[] = [
  { name: 'vue-sse-alarms', entry: `export * from ${index}\n` },
  { name: 'core: createAlarms + useAlarmsStore', entry: `export { createAlarms, useAlarmsStore } from ${index}\n` },
  { name: 'ui: AlarmBell + AlarmToasts, core external', entry: `export { AlarmBell, AlarmToasts } from ${index}\n`, external: isCore },
  { name: 'app: core + AlarmBell + AlarmToasts', entry: `export { createAlarms, useAlarmsStore, AlarmBell, AlarmToasts } from ${index}\n` },
  { name: 'composables: useAlarmPanel + useAlarmList + onNewAlarm, core external', entry: `export { useAlarmPanel, useAlarmList, onNewAlarm } from ${index}\n`, external: isCore },
  { name: 'ko labels', entry: `export { ko } from ${index}\n` },
  ...FEATURES.map((feature) => ({ name: `core + ${feature.name}`, entry: `export { createAlarms, useAlarmsStore, ${feature.exports} } from ${index}\n` })),
  { name: 'core + vue-sse-alarms/testing', entry: `export { createAlarms, useAlarmsStore } from ${index}\nexport { createTestingAlarms } from ${JSON.stringify(join(root, 'src/testing/index.ts'))}\n` },
  // The summary toast itself is a few lines of <AlarmToasts>' template and stylesheet, counted in the ui rows.
  { name: GROUPED_BURSTS, entry: `export { useToastSummary } from ${JSON.stringify(join(root, 'src/composables/toast-bursts.ts'))}\n`, external: isCore },
  { name: '@floating-ui/dom computePosition + flip + shift + offset', entry: `export { computePosition, flip, shift, offset } from '@floating-ui/dom'\n` },
  { name: 'vue-sse-alarms/stream', entry: `export * from ${JSON.stringify(join(root, 'src/stream/index.ts'))}\n` },
  { name: 'vue-sse-alarms/stream openAlarmStream', entry: `export { openAlarmStream } from ${JSON.stringify(join(root, 'src/stream/index.ts'))}\n` },
  { name: '@vueuse/core useEventSource', entry: `export { useEventSource } from '@vueuse/core'\n` },
  { name: 'event-source-polyfill', entry: `export { EventSourcePolyfill, NativeEventSource } from 'event-source-polyfill'\n` },
  { name: '@microsoft/fetch-event-source', entry: `export { fetchEventSource, EventStreamContentType } from '@microsoft/fetch-event-source'\n` },
]

interface Size {
  jsMinBytes: number
  jsGzipBytes: number
  cssMinBytes: number
  cssGzipBytes: number
}

async function measure(target: Target): Promise<Size> {
  const slug = target.name.replace(/[^a-z0-9]+/gi, '-')
  const dir = join(outRoot, slug)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const entryFile = join(dir, 'entry.js')
  await writeFile(entryFile, target.entry)
  await buildEntry({ root, entryFile, outDir: join(dir, 'out'), external: target.external })
  const size: Size = { jsMinBytes: 0, jsGzipBytes: 0, cssMinBytes: 0, cssGzipBytes: 0 }
  for (const file of await readdir(join(dir, 'out'))) {
    const bytes = await readFile(join(dir, 'out', file))
    const gzipped = gzipSync(bytes, { level: 9 }).length
    if (file.endsWith('.js')) {
      size.jsMinBytes += bytes.length
      size.jsGzipBytes += gzipped
    } else if (file.endsWith('.css')) {
      size.cssMinBytes += bytes.length
      size.cssGzipBytes += gzipped
    }
  }
  return size
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`

await runBench('sizes', async ({ log }) => {
  const sizes: Record<string, Size | { error: string }> = {}
  for (const target of [...TARGETS, ...LAYERS]) {
    try {
      sizes[target.name] = await measure(target)
      log(`${target.name}: ${JSON.stringify(sizes[target.name])}`)
    } catch (error) {
      sizes[target.name] = { error: (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').slice(0, 240) }
      log(`${target.name}: ${(sizes[target.name] as { error: string }).error}`)
    }
  }
  const show = (name: string) => {
    const size = sizes[name]
    if (!size) return 'n/a'
    if ('error' in size) return `build failed: ${size.error}`
    return size.cssGzipBytes ? `${kb(size.jsGzipBytes)} JS + ${kb(size.cssGzipBytes)} CSS` : kb(size.jsGzipBytes)
  }
  const total = (name: string) => {
    const size = sizes[name]
    return size && !('error' in size) ? size.jsGzipBytes + size.cssGzipBytes : Number.NaN
  }
  const others = ['@vueuse/core useEventSource', 'event-source-polyfill', '@microsoft/fetch-event-source'].map((name) => `${name} ${show(name)}`).join('; ')
  const whole = total('vue-sse-alarms')
  const stream = total('vue-sse-alarms/stream')
  const js = (name: string) => {
    const size = sizes[name]
    return size && !('error' in size) ? size.jsGzipBytes : Number.NaN
  }
  const css = (name: string) => {
    const size = sizes[name]
    return size && !('error' in size) ? size.cssGzipBytes : Number.NaN
  }
  const ui = 'ui: AlarmBell + AlarmToasts, core external'
  const app = 'app: core + AlarmBell + AlarmToasts'
  const core = 'core: createAlarms + useAlarmsStore'
  // What the components add to an app that has the core: the same gzip stream with and without them.
  const addedJs = js(app) - js(core)
  const addedCss = css(app) - css(core)
  return {
    title: 'Bundle size (min+gzip)',
    rows: [
      {
        metric: 'vue-sse-alarms/stream',
        ours: `${show('vue-sse-alarms/stream')} (openAlarmStream alone: ${show('vue-sse-alarms/stream openAlarmStream')})`,
        baseline: others,
        goal: '≤ 3.5 KB',
        verdict: stream <= 3.5 * 1024 ? 'met' : 'missed',
      },
      {
        metric: 'core: an app importing createAlarms + useAlarmsStore (plugin, store, api, stream, tabs)',
        ours: show(core),
        baseline: others,
        goal: '≤ 9 KB, no component code',
        verdict: total(core) <= 9 * 1024 ? 'met' : 'missed',
      },
      {
        metric: 'bell + panel + toasts: what they add to an app that has the core',
        ours: `${kb(addedJs)} JS + ${kb(addedCss)} CSS (built alone with the core left out: ${show(ui)}; the composables alone: ${show('composables: useAlarmPanel + useAlarmList + onNewAlarm, core external')})`,
        baseline: `@floating-ui/dom computePosition + flip + shift + offset ${show('@floating-ui/dom computePosition + flip + shift + offset')} (placement here is our own)`,
        goal: '≤ 8 KB JS + 2 KB CSS',
        verdict: addedJs <= 8 * 1024 && addedCss <= 2 * 1024 ? 'met' : 'missed',
      },
      {
        metric: 'an app with the store, the bell and toasts',
        ours: `${show(app)}; Korean labels ${show('ko labels')} more, only when imported`,
        baseline: '—',
        goal: '—',
        verdict: 'info',
      },
      {
        metric: 'vue-sse-alarms (everything it exports)',
        ours: show('vue-sse-alarms'),
        baseline: others,
        goal: '≤ 10 KB (JS + CSS)',
        verdict: whole <= 10 * 1024 ? 'met' : 'missed',
      },
    ],
    notes: [
      `What each opt-in feature adds to an app that has the core (min+gzip, core + feature minus core): ${[...FEATURES.map((feature) => `core + ${feature.name}`), 'core + vue-sse-alarms/testing']
        .map((name) => `${name.slice('core + '.length)} ${kb(js(name) - js(core))} JS${css(name) > 0 ? ` + ${kb(css(name))} CSS` : ''}`)
        .join('; ')}; grouped bursts, built alone with the core left out: ${show(GROUPED_BURSTS)}.`,
      "Each entry is built alone with vite's build() (lib mode, ES, minify, process.env.NODE_ENV=production), vue/pinia/axios external, and gzipped with node:zlib level 9. KB = 1024 bytes.",
      `Where the whole library's bytes go (min+gzip JS of each layer's index with what it imports, so they overlap): ${LAYERS.map((layer) => `${layer.name.slice('layer '.length)} ${show(layer.name)}`).join(', ')}.`,
      'The whole-library entry re-exports everything (export *): an upper bound no app pays. The other entries import what an app imports. The bell row is the difference between an app with the core and the components and one with the core alone (one gzip stream, as an app ships them); "core external" entries leave src/store, plugin, api, stream, tabs and alarms out, so they count the component and composable code alone. tests/package/tree-shaking.test.ts builds an app that imports only createAlarms and useAlarmsStore against the built library and finds no component code in it.',
    ],
    raw: { sizes },
  }
})
