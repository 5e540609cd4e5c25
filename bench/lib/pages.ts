import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'

export const PAGES_DIR = fileURLToPath(new URL('../.tmp/pages/', import.meta.url))
const pagesRoot = fileURLToPath(new URL('../pages/', import.meta.url))

export type BenchPage = 'bell' | 'seed' | 'native' | 'stream'

/** Builds the bench pages (production mode, minified) into bench/.tmp/pages; served at /<page>.html. */
export async function buildBenchPages(): Promise<string> {
  const pages: BenchPage[] = ['bell', 'seed', 'native', 'stream']
  await build({
    root: pagesRoot,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [vue()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: PAGES_DIR,
      emptyOutDir: true,
      minify: true,
      rolldownOptions: { input: Object.fromEntries(pages.map((page) => [page, `${pagesRoot}${page}.html`])) },
    },
  })
  return PAGES_DIR
}
