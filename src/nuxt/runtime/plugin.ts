import { defineNuxtPlugin, useRuntimeConfig } from 'nuxt/app'
import { createAlarms } from '../../plugin'
import { useAlarmsStore } from '../../store'
import { optionsFromRuntimeConfig, withAppContext } from '../options'

/**
 * Installs `createAlarms` on the server and in the browser. The server only renders the store's initial state
 * (`ssr: true`: no stream, timer, BroadcastChannel or lock), once per request with nothing kept between requests.
 * The browser connects after hydration, so the hydrated markup sees the same `idle` store the server rendered.
 */
export default defineNuxtPlugin({
  name: 'vue-sse-alarms',
  async setup(nuxtApp) {
    const options = optionsFromRuntimeConfig(useRuntimeConfig().public.alarms)
    await nuxtApp.callHook('alarms:config', options)
    const { autoConnect = true, ...rest } = options
    // The server never calls the app's functions (it opens nothing and fetches nothing), and there
    // `runWithContext` would turn every call async; in the browser it runs the callback synchronously.
    const appOptions = import.meta.client ? withAppContext(rest, (callback) => nuxtApp.runWithContext(callback) as ReturnType<typeof callback>) : rest
    nuxtApp.vueApp.use(createAlarms({ ...appOptions, ssr: import.meta.server, autoConnect: false }))
    if (import.meta.client && autoConnect) {
      nuxtApp.hooks.hookOnce('app:suspense:resolve', () => nuxtApp.runWithContext(() => useAlarmsStore().connect()))
    }
  },
})
