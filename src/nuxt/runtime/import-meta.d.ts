// Nuxt replaces these at build time; its own declaration of them lives in the app's generated types.
interface ImportMeta {
  server: boolean
  client: boolean
}
