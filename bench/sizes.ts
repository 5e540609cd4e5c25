// Bundle sizes, min+gzip, peers external, production defines: each entry built alone with vite's build().
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'
import { runBench } from './lib/result'

const root = fileURLToPath(new URL('..', import.meta.url))
const outRoot = fileURLToPath(new URL('./.tmp/sizes/', import.meta.url))

/** Peers of the library (and vue for @vueuse/core): an app already ships them. */
const PEERS = ['vue', 'pinia', 'axios']

interface Target {
  name: string
  /** Module source of the entry: what an app would import. */
  entry: string
}

/** Per-layer entries, only to explain where the whole library's bytes go (each includes what it imports). */
const LAYERS = ['alarms', 'api', 'stream', 'tabs', 'store', 'components'].map((layer) => ({
  name: `layer src/${layer}`,
  entry: `export * from ${JSON.stringify(join(root, `src/${layer}/index.ts`))}\n`,
}))

const TARGETS: Target[] = [
  { name: 'vue-sse-alarms', entry: `export * from ${JSON.stringify(join(root, 'src/index.ts'))}\n` },
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
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [vue()],
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production'), __DEV__: 'false' },
    build: {
      outDir: join(dir, 'out'),
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      lib: { entry: entryFile, formats: ['es'], fileName: 'bundle', cssFileName: 'bundle' },
      rolldownOptions: {
        external: (id: string) => PEERS.some((peer) => id === peer || id.startsWith(`${peer}/`)),
        // Vite keeps whitespace in an ES library build (its `minify` there only mangles); an app's bundler does not.
        output: { minify: true },
      },
    },
  })
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
  return {
    title: 'Bundle size (min+gzip)',
    rows: [
      {
        metric: 'vue-sse-alarms/stream',
        ours: `${show('vue-sse-alarms/stream')} (openAlarmStream alone: ${show('vue-sse-alarms/stream openAlarmStream')})`,
        baseline: others,
        goal: '≤ 3 KB',
        verdict: stream <= 3 * 1024 ? 'met' : 'missed',
      },
      {
        metric: 'vue-sse-alarms (whole: store, plugin, components, api, stream)',
        ours: show('vue-sse-alarms'),
        baseline: others,
        goal: '≤ 10 KB (JS + CSS)',
        verdict: whole <= 10 * 1024 ? 'met' : 'missed',
      },
    ],
    notes: [
      "Each entry is built alone with vite's build() (lib mode, ES, minify, process.env.NODE_ENV=production), vue/pinia/axios external, and gzipped with node:zlib level 9. KB = 1024 bytes.",
      `Where the whole library's bytes go (min+gzip JS of each layer's index with what it imports, so they overlap): ${LAYERS.map((layer) => `${layer.name.slice('layer '.length)} ${show(layer.name)}`).join(', ')}.`,
      'Entries re-export everything the package exposes (export *), so the whole-library number is an upper bound for an app that uses part of it; the competitors export only the named function/class.',
    ],
    raw: { sizes },
  }
})
