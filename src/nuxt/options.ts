import type { CreateAlarmsOptions } from '../options'
import { defaultEndpoints } from '../api/endpoints'
import { ALARMS_DEFAULTS, FUNCTION_OPTIONS } from '../options'

/** The endpoints that are plain strings, so they fit in runtime config (the per-id ones are functions). */
export interface AlarmsStringEndpoints {
  /** @default '/subscribe' */
  subscribe: string
  /** @default '/alarms' */
  list: string
  /** @default '/alarms/count' */
  count: string
  /** @default '/alarms/read-all' */
  readAll: string
}

/**
 * The serialisable options, kept in `runtimeConfig.public.alarms`: each can be overridden when the server
 * starts, e.g. `NUXT_PUBLIC_ALARMS_BASE_URL=/backend/api`, `NUXT_PUBLIC_ALARMS_PAGE_SIZE=50`.
 */
export interface AlarmsPublicRuntimeConfig {
  /**
   * Prefix of every REST path and of the stream path.
   * @default '/api'
   */
  baseURL: string
  /**
   * REST and stream paths relative to `baseURL`.
   * @default { subscribe: '/subscribe', list: '/alarms', count: '/alarms/count', readAll: '/alarms/read-all' }
   */
  endpoints: AlarmsStringEndpoints
  /**
   * SSE event names that carry alarms (`message` = no `event:` field).
   * @default ['sse', 'message']
   */
  eventNames: string[]
  /**
   * Alarms per REST page.
   * @default 20
   */
  pageSize: number
  /**
   * The number the backend gives its first page (NestJS, Laravel, Django REST framework: 1). The page and count
   * mappings (`parsePage`, `parseCount`) are functions: set them in an `alarms:config` hook.
   * @default 0
   */
  firstPage: 0 | 1
  /**
   * Whether requests and the stream send cookies: `'include'` for a cookie session on another origin.
   * @default 'same-origin'
   */
  credentials: 'same-origin' | 'include' | 'omit'
  /**
   * One stream per browser and user, shared by its tabs.
   * @default true
   */
  sharedConnection: boolean
  /**
   * How long the refresh after a new alarm waits for more, so a burst costs one refetch.
   * @default 100
   */
  refreshDebounceMs: number
  /**
   * The longest a steady trickle of alarms can hold that refresh back.
   * @default 1000
   */
  refreshMaxWaitMs: number
  /**
   * The reconcile after a reconnect waits a random time up to this, so a server restart does not bring every
   * client's REST requests in the same second.
   * @default 1000
   */
  reconcileJitterMs: number
  /**
   * Alarms kept in memory; the oldest are dropped past it.
   * @default 10000
   */
  maxItems: number
  /**
   * Connect in the browser once the page has hydrated (signed-out pages open nothing).
   * @default true
   */
  autoConnect: boolean
}

/** Options of the `alarms` key in `nuxt.config`. */
export interface AlarmsModuleOptions extends Omit<AlarmsPublicRuntimeConfig, 'eventNames' | 'endpoints'> {
  /**
   * REST and stream paths relative to `baseURL`; give only those that differ.
   * @default { subscribe: '/subscribe', list: '/alarms', count: '/alarms/count', readAll: '/alarms/read-all' }
   */
  endpoints: Partial<AlarmsStringEndpoints>
  /**
   * SSE event names that carry alarms (`message` = no `event:` field).
   * @default ['sse', 'message']
   */
  eventNames?: string[]
  /**
   * Add the bell's stylesheet (`vue-sse-alarms/style.css`) to `css`; `false` when you bring your own.
   * @default true
   */
  css: boolean
  /**
   * Serve everything under `baseURL` (the stream and REST) from the app's own server, forwarded to the API, with
   * the upstream request closed as soon as the browser leaves. Use it instead of a `routeRules` proxy, which
   * keeps each stream open upstream after sign-out or a closed tab.
   * @default undefined (no proxy: the app reaches `baseURL` some other way)
   */
  proxy?: AlarmsProxyOptions
}

/** `alarms.proxy` in `nuxt.config`: where the routes under `baseURL` are forwarded. */
export interface AlarmsProxyOptions {
  /**
   * The API's URL for `baseURL` itself: `/api/subscribe` goes to `${target}/subscribe`. Overridden when the server
   * starts by `NUXT_ALARMS_PROXY_TARGET`.
   * @example 'http://localhost:8080/api'
   */
  target: string
}

/** What the proxy route reads from the (private) runtime config, `runtimeConfig.alarmsProxy`. */
export interface AlarmsProxyRuntimeConfig {
  target: string
  /** The route's prefix, fixed at build time: the module's `baseURL`. */
  basePath: string
}

const DEFAULT_ENDPOINTS: AlarmsStringEndpoints = {
  subscribe: defaultEndpoints.subscribe,
  list: defaultEndpoints.list,
  count: defaultEndpoints.count,
  readAll: defaultEndpoints.readAll,
}

/**
 * The defaults of `createAlarms` (`ALARMS_DEFAULTS`), every key present: runtime config only takes overrides for
 * keys it holds. `eventNames` is left out because Nuxt merges an option's array with the default's.
 */
export function moduleDefaults(): AlarmsModuleOptions {
  const { eventNames: _eventNames, ...defaults } = ALARMS_DEFAULTS
  return { ...defaults, endpoints: { ...DEFAULT_ENDPOINTS }, css: true }
}

/** What goes to `runtimeConfig.public.alarms`: every module option but the build-only `css` and the server's `proxy`. */
export function toPublicRuntimeConfig(options: AlarmsModuleOptions): AlarmsPublicRuntimeConfig {
  const { css: _css, proxy: _proxy, endpoints, eventNames = ALARMS_DEFAULTS.eventNames, ...rest } = options
  return { ...rest, endpoints: { ...DEFAULT_ENDPOINTS, ...endpoints }, eventNames: [...eventNames] }
}

/**
 * What `alarms:config` listeners receive and may change: the options `createAlarms` is called with, already
 * filled from runtime config. Set the functions here (`getToken`, `refreshToken`, `authHeaders`, `userKey`,
 * `parseAlarm`, `parsePage`, `parseCount`, `onNewAlarm`, `onUnauthorized`…); `ssr` is the module's to set.
 */
export type AlarmsNuxtOptions = Omit<Partial<CreateAlarmsOptions>, 'ssr'> &
  Partial<Pick<AlarmsPublicRuntimeConfig, 'credentials' | 'refreshMaxWaitMs' | 'autoConnect'>>

/** A plain copy of the runtime config (on the client it is reactive), as the starting options. */
export function optionsFromRuntimeConfig(config: AlarmsPublicRuntimeConfig): AlarmsNuxtOptions {
  return { ...config, endpoints: { ...config.endpoints }, eventNames: [...config.eventNames] }
}

type Runner = <T>(callback: () => T) => T

/**
 * Wraps each function option so it runs inside the Nuxt app's context, whenever the store calls it: the app's
 * `getToken` may then call `useCookie`, and `onUnauthorized` may call `navigateTo`.
 */
export function withAppContext<T extends object>(options: T, run: Runner): T {
  const wrapped = { ...options } as Record<string, unknown>
  for (const name of FUNCTION_OPTIONS) {
    const value = wrapped[name]
    if (typeof value !== 'function') continue
    const callback = value as (...args: unknown[]) => unknown
    wrapped[name] = (...args: unknown[]) => run(() => callback(...args))
  }
  return wrapped as T
}
