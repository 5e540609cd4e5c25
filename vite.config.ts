import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Peers stay out of the library bundle; the app that installs it brings them (Nuxt ones only for `./nuxt`). */
const peerDependencies = ['vue', 'pinia', 'axios', 'nuxt', '@nuxt/kit', '@pinia/nuxt']
/** Resolved by the Nuxt app's server build: Nitro's auto-imports (h3's utilities and `useRuntimeConfig`). */
const nitroImports = ['#imports']

// `vite` serves the demo (index.html) and proxies /api to the test API;
// `vite build` writes the library; `vite build --mode demo` writes the demo page for the browser tests.
export default defineConfig(({ mode }) => ({
  plugins: [vue()],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:8787', changeOrigin: false },
    },
  },
  build:
    mode === 'demo'
      ? { outDir: 'dist-demo', emptyOutDir: true }
      : {
          outDir: 'dist',
          emptyOutDir: true,
          sourcemap: true,
          lib: {
            // The stream entry sits beside its .d.ts files so `./stream` resolves to one place for JS and types.
            // The Nuxt runtime plugin and `testing` share the store's chunk with `index`, so all see one store and one injection key.
            entry: {
              index: fromRoot('src/index.ts'),
              'stream/index': fromRoot('src/stream/index.ts'),
              'testing/index': fromRoot('src/testing/index.ts'),
              'nuxt/module': fromRoot('src/nuxt/module.ts'),
              'nuxt/runtime/plugin': fromRoot('src/nuxt/runtime/plugin.ts'),
              'nuxt/runtime/proxy': fromRoot('src/nuxt/runtime/proxy.ts'),
            },
            formats: ['es'],
            cssFileName: 'vue-sse-alarms',
          },
          rolldownOptions: {
            external: (id: string) => nitroImports.includes(id) || peerDependencies.some((peer) => id === peer || id.startsWith(`${peer}/`)),
          },
        },
}))
