// Data flows one way: stream → classify → client → store → view. This reads every import in src/ and checks it
// goes to the same layer or one the layer may use, so a shortcut uphill fails here rather than in a review.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const src = fileURLToPath(new URL('../src/', import.meta.url))

/** The layer of a file: its folder, or for a file at the top of src/, its own name. Pure helpers are named. */
const LAYER_OF: [prefix: string, layer: string][] = [
  ['errors.ts', 'base'],
  ['process-env.d.ts', 'base'],
  ['credentials.ts', 'base'],
  // Pure option types and helpers of the opt-in features, which the options and the views name.
  ['attention/options.ts', 'feature-types'],
  ['attention/burst.ts', 'feature-types'],
  ['quiet/quiet-window.ts', 'feature-types'],
  ['options.ts', 'options'],
  ['validate-options.ts', 'options'],
  ['resolve-options.ts', 'options'],
  ['plugin.ts', 'store'],
  ['index.ts', 'entry'],
]

/** What each layer may import besides itself. */
const MAY_USE: Record<string, string[]> = {
  base: [],
  stream: ['base'],
  alarms: ['base'],
  'feature-types': ['base', 'alarms'],
  api: ['base', 'alarms'],
  tabs: ['base', 'stream'],
  options: ['base', 'stream', 'alarms', 'api', 'tabs', 'feature-types'],
  client: ['base', 'stream', 'alarms', 'api', 'tabs', 'options'],
  store: ['base', 'alarms', 'client', 'options'],
  attention: ['base', 'stream', 'alarms', 'feature-types', 'options', 'store'],
  quiet: ['base', 'alarms', 'feature-types', 'options', 'store'],
  preferences: ['base', 'alarms', 'api', 'tabs', 'options', 'store'],
  composables: ['base', 'stream', 'alarms', 'feature-types', 'options', 'store'],
  components: ['base', 'stream', 'alarms', 'feature-types', 'options', 'store', 'composables', 'preferences'],
  nuxt: ['base', 'api', 'options', 'store'],
  testing: ['base', 'stream', 'alarms', 'api', 'tabs', 'options', 'store'],
  /** index.ts re-exports every layer. */
  entry: [],
}

function layerOf(file: string): string {
  const found = LAYER_OF.find(([prefix]) => file === prefix)
  return found ? found[1] : file.includes('/') ? file.slice(0, file.indexOf('/')) : file
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.(ts|vue)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  )
}

/** Every relative import of a file (values and types, `export … from` too), as paths inside src/. */
function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8')
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => {
    const target = join(dirname(path), match[1]!)
    if (existsSync(target) && statSync(target).isDirectory()) return relative(src, join(target, 'index.ts'))
    return relative(src, /\.(ts|vue|css)$/.test(target) ? target : `${target}.ts`)
  })
}

/** The imports that go to a layer their file's layer may not use. */
function uphillImports(graph: { file: string; imports: string[] }[]): string[] {
  return graph.flatMap(({ file, imports }) => {
    const from = layerOf(file)
    if (from === 'entry') return []
    return imports.filter((target) => layerOf(target) !== from && !MAY_USE[from]?.includes(layerOf(target))).map((target) => `${file} → ${target}`)
  })
}

const files = sourceFiles(src).map((path) => ({ path, file: relative(src, path) }))

describe('layers', () => {
  test('every file of src/ has a known layer', () => {
    const unknown = files.map(({ file }) => layerOf(file)).filter((layer) => !(layer in MAY_USE))
    expect(unknown).toEqual([])
  })

  test('every import goes down (or stays in its layer): nothing runs uphill', () => {
    expect(uphillImports(files.map(({ path, file }) => ({ file, imports: importsOf(path) })))).toEqual([])
  })

  test('the check finds an import uphill, and follows a folder import to its index', () => {
    const planted = [
      { file: 'stream/open-alarm-stream.ts', imports: ['client/session.ts', 'errors.ts'] },
      { file: 'store/alarms.ts', imports: ['components/index.ts', 'client/client.ts'] },
    ]
    expect(uphillImports(planted)).toEqual(['stream/open-alarm-stream.ts → client/session.ts', 'store/alarms.ts → components/index.ts'])
    expect(importsOf(join(src, 'store/alarms.ts'))).toContain('client/client.ts')
    expect(importsOf(join(src, 'components/AlarmBell.vue')).some((target) => target.startsWith('store/'))).toBe(true)
  })
})
