import type { Plugin } from 'vite'

/**
 * Server build only: the library's `import … from 'axios'` gets axios's browser build (`dist/esm/axios.js`, one
 * self-contained file) instead of its Node build. The server-side store sends no request, so nothing changes at run
 * time, and the Node build's dependency tree (form-data → get-intrinsic → async-function…) stays out of `.output`:
 * Nitro copies it incompletely when it builds on Node 20.19+ (nitrojs/nitro#4468), and the server then fails on its
 * first page with `Cannot find module …/async-function/require.mjs`. The app's own imports of axios are left alone.
 */
export function serverAxiosPlugin(libraryDir: string, axiosPackageJson: string): Plugin {
  const browserBuild = axiosPackageJson.replace(/package\.json$/, 'dist/esm/axios.js')
  return {
    name: 'vue-sse-alarms:server-axios',
    enforce: 'pre',
    resolveId(id, importer) {
      return id === 'axios' && importer?.startsWith(libraryDir) ? browserBuild : null
    },
  }
}
