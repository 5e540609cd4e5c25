// Bundles the declarations `vue-tsc -p tsconfig.build.json` wrote to dist-types/ into one .d.ts per entry in
// dist/: internal modules stay out of consumers' view, and no relative import is left for Node's own
// resolution (node16/nodenext) to fail on. The entries are read from package.json `exports`, so a new entry
// is bundled with no change here.
import { readFile, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { rollup } from 'rollup'
import { dts } from 'rollup-plugin-dts'

const root = fileURLToPath(new URL('..', import.meta.url))
const TYPES_DIR = 'dist-types'

/** Files outside `exports` that still need their types beside them: Nuxt's generated types import the runtime plugin. */
const EXTRA_ENTRIES = ['nuxt/runtime/plugin']

/** `{ 'stream/index': 'dist-types/stream/index.d.ts', … }` for every entry's `types` in package.json. */
async function typeEntries() {
  const pkg = JSON.parse(await readFile(`${root}/package.json`, 'utf8'))
  const names = Object.values(pkg.exports)
    .filter((target) => typeof target === 'object' && typeof target.types === 'string')
    .map((target) => target.types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, ''))
  return Object.fromEntries([...names, ...EXTRA_ENTRIES].map((name) => [name, `${root}/${TYPES_DIR}/${name}.d.ts`]))
}

const bundle = await rollup({
  input: await typeEntries(),
  // Imports of other packages (the peers, Nuxt's subpaths) stay imports: rollup-plugin-dts only inlines relative ones.
  plugins: [dts({ tsconfig: `${root}/tsconfig.build.json` })],
})
await bundle.write({ dir: `${root}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'types/[name]-[hash].d.ts' })
await bundle.close()
await rm(`${root}/${TYPES_DIR}`, { recursive: true, force: true })
