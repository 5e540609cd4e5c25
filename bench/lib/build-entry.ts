// How the size benches build an entry: as an app's production build would, peers external, one ES bundle.
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'

/** Peers of the library (and vue for @vueuse/core): an app already ships them. */
export const PEERS = ['vue', 'pinia', 'axios']

export interface BuildEntryOptions {
  root: string
  entryFile: string
  outDir: string
  sourcemap?: boolean
  /** Also left out of the bundle (peers always are). */
  external?: (id: string, importer: string | undefined) => boolean
}

/** Builds `entryFile` into `outDir` as `bundle.js` (and `bundle.css`), minified. */
export async function buildEntry({ root, entryFile, outDir, sourcemap = false, external }: BuildEntryOptions): Promise<void> {
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [vue()],
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production'), __DEV__: 'false' },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      sourcemap,
      lib: { entry: entryFile, formats: ['es'], fileName: 'bundle', cssFileName: 'bundle' },
      rolldownOptions: {
        external: (id: string, importer: string | undefined) =>
          PEERS.some((peer) => id === peer || id.startsWith(`${peer}/`)) || (external?.(id, importer) ?? false),
        // Vite keeps whitespace in an ES library build (its `minify` there only mangles); an app's bundler does not.
        output: { minify: true },
      },
    },
  })
}
