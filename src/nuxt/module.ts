import { addComponent, addImports, addPlugin, addServerHandler, addVitePlugin, createResolver, defineNuxtModule, tryResolveModule } from '@nuxt/kit'
import type { Nuxt, NuxtModule } from 'nuxt/schema'
import { serverAxiosPlugin } from './server-axios'
import {
  moduleDefaults,
  toPublicRuntimeConfig,
  type AlarmsModuleOptions,
  type AlarmsNuxtOptions,
  type AlarmsProxyRuntimeConfig,
  type AlarmsPublicRuntimeConfig,
} from './options'

export type { AlarmsModuleOptions, AlarmsNuxtOptions, AlarmsProxyOptions, AlarmsPublicRuntimeConfig, AlarmsStringEndpoints } from './options'

const LIBRARY = 'vue-sse-alarms'

/** Composables auto-imported when the installed version of the library exports them. */
const COMPOSABLES = ['useAlarmsStore', 'useAlarmPanel', 'useAlarmList', 'onNewAlarm'] as const
/** Components registered when exported, like `<AlarmBell>` in any template. */
const COMPONENTS = ['AlarmBell', 'AlarmToasts'] as const

/** Names the library's main entry exports; read from the built entry so each name is offered only once it exists. */
async function libraryExports(): Promise<Set<string>> {
  return new Set(Object.keys(await import('../index')))
}

// Typed through `nuxt/schema`: Nuxt derives the `alarms` key of `nuxt.config` from this type, and `@nuxt/kit`'s
// own types cannot always see `@nuxt/schema` (npm nests it under `nuxt`).
/**
 * `modules: ['@pinia/nuxt', 'vue-sse-alarms/nuxt']` with an `alarms: { … }` key. The options go to
 * `runtimeConfig.public.alarms`; the app's functions come through the `alarms:config` runtime hook.
 */
const alarmsModule: NuxtModule<AlarmsModuleOptions> = defineNuxtModule<AlarmsModuleOptions>({
  meta: {
    name: LIBRARY,
    configKey: 'alarms',
    compatibility: { nuxt: '>=3.13' },
  },
  defaults: moduleDefaults(),
  async setup(options: AlarmsModuleOptions, nuxt: Nuxt) {
    const { resolve } = createResolver(import.meta.url)

    const publicConfig = nuxt.options.runtimeConfig.public
    // Values already in runtimeConfig (set there by hand) win over the module key, as with other modules.
    const fromModule = toPublicRuntimeConfig(options)
    const existing = (publicConfig.alarms ?? {}) as Partial<AlarmsPublicRuntimeConfig>
    publicConfig.alarms = { ...fromModule, ...existing, endpoints: { ...fromModule.endpoints, ...existing.endpoints } }

    if (options.css) nuxt.options.css.push(`${LIBRARY}/style.css`)

    if (options.proxy) {
      // The route is fixed at build time; the target is private runtime config (NUXT_ALARMS_PROXY_TARGET).
      const basePath = options.baseURL.replace(/\/+$/, '')
      const existingProxy = nuxt.options.runtimeConfig.alarmsProxy as Partial<AlarmsProxyRuntimeConfig> | undefined
      nuxt.options.runtimeConfig.alarmsProxy = { target: options.proxy.target, ...existingProxy, basePath } satisfies AlarmsProxyRuntimeConfig
      addServerHandler({ route: `${basePath}/**`, handler: resolve('./runtime/proxy') })
    }

    // After the app's own plugins, so their `alarms:config` listeners are registered when it calls the hook.
    addPlugin({ src: resolve('./runtime/plugin'), order: 20 })
    const axiosPackageJson = await tryResolveModule('axios/package.json', import.meta.url)
    if (axiosPackageJson) addVitePlugin(serverAxiosPlugin(resolve('..'), axiosPackageJson), { client: false })

    const exported = await libraryExports()
    addImports(COMPOSABLES.filter((name) => exported.has(name)).map((name) => ({ name, from: LIBRARY })))
    for (const name of COMPONENTS) {
      if (exported.has(name)) addComponent({ name, export: name, filePath: LIBRARY })
    }

    // Types the runtime hook and the runtime config in the app: both are declared in this entry's types.
    nuxt.hook('prepare:types', ({ references }) => {
      references.push({ types: `${LIBRARY}/nuxt` })
    })
  },
})

export default alarmsModule

declare module 'nuxt/app' {
  interface RuntimeNuxtHooks {
    /**
     * Called once per app (on the server per request, and once in the browser) before the store is created:
     * set the functions (`getToken`, `refreshToken`, `userKey`, `onUnauthorized`…) on `options`. Register it
     * from a plugin without `enforce: 'post'`; the module's plugin runs after those.
     */
    'alarms:config': (options: AlarmsNuxtOptions) => void | Promise<void>
  }
}

// `nuxt/schema` re-exports `@nuxt/schema` and is found wherever `nuxt` is. The `alarms` key of `nuxt.config` needs no
// declaration here: Nuxt types it from this module's `configKey` and options type.
declare module 'nuxt/schema' {
  interface PublicRuntimeConfig {
    alarms: AlarmsPublicRuntimeConfig
  }
}
