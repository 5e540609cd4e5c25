// Nuxt replaces these at build time; its own declaration of them lives in the app's generated types.
interface ImportMeta {
  server: boolean
  client: boolean
}

// Nitro's auto-import module, resolved when the app is built; only the part the proxy route uses.
declare module '#imports' {
  export { defineEventHandler, getRequestHeader, proxyRequest } from 'h3'
  export function useRuntimeConfig(event?: unknown): Record<string, unknown>
}
