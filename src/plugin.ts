import axiosStatic, { type AxiosInstance } from 'axios'
import type { App, InjectionKey, Plugin } from 'vue'
import type { Alarm } from './alarms/types'
import { isSpringHandshake, parseAlarm as defaultParseAlarm } from './alarms/parse'
import { createAlarmsApi, type AlarmsApi } from './api/api'
import { createTokenRefresher } from './api/auth'
import { joinURL, resolveEndpoints, type AlarmsEndpoints } from './api/endpoints'
import type { AlarmStreamOptions, MaybePromise } from './stream/types'
import { tokenSubject } from './tabs/user-key'

/** Transport settings passed through to `openAlarmStream`. */
export type AlarmsStreamSettings = Pick<AlarmStreamOptions, 'retry' | 'idleTimeoutMs' | 'openWhenHidden' | 'headers' | 'fetch'>

/** Options of {@link createAlarms}. Only `getToken` is required. */
export interface CreateAlarmsOptions {
  /**
   * Prefix of every REST path and of the stream path.
   * @default axios.defaults.baseURL of a given `axios` instance, else '/api'
   */
  baseURL?: string
  /** The current access token, read before every request and every (re)connect; nothing means signed out. */
  getToken: () => MaybePromise<string | null | undefined>
  /**
   * Renews the access token after a 401 (called once for concurrent 401s of REST and stream).
   * Reject or resolve `false` when it cannot; the store then goes `unauthorized`.
   * @default undefined (a 401 that survives no refresh: the store goes `unauthorized` at once)
   */
  refreshToken?: () => Promise<unknown>
  /**
   * Your own axios instance (its interceptors run on every request).
   * @default axios.create({ baseURL })
   */
  axios?: AxiosInstance
  /**
   * REST and stream paths relative to `baseURL`.
   * @default { subscribe: '/subscribe', list: '/alarms', count: '/alarms/count', read: (id) => `/alarms/${id}/read`, unread: (id) => `/alarms/${id}/unread`, readAll: '/alarms/read-all', remove: (id) => `/alarms/${id}` }
   */
  endpoints?: Partial<AlarmsEndpoints>
  /**
   * Event names that carry alarms; `message` is an event sent without a name.
   * @default ['sse', 'message']
   */
  eventNames?: string[]
  /**
   * Tells the connection handshake apart from an alarm (it is sent under the same event name).
   * @default matches Spring's `EventStream Created. [userId=N]`
   */
  isHandshake?: (data: string) => boolean
  /**
   * Maps a payload (stream event JSON or REST list item) to an alarm; return `null` to reject it.
   * @default parseAlarm (the test API's shape: `{ id, type, content, url, isRead, createdAt }`)
   */
  parseAlarm?: (raw: unknown) => Alarm | null
  /**
   * Alarms per REST page.
   * @default 20
   */
  pageSize?: number
  /**
   * How long a refresh after a new alarm waits for more alarms, so a burst costs one refetch.
   * @default 100
   */
  refreshDebounceMs?: number
  /**
   * Called once per new alarm from the stream (after it is in the list); refresh your own data here.
   * @default undefined
   */
  onAlarm?: (alarm: Alarm) => void
  /**
   * Called when the session cannot be renewed (401 after `refreshToken`); the stream is closed.
   * @default undefined
   */
  onUnauthorized?: () => void
  /**
   * Most alarms kept in memory; the oldest are dropped past it (`loadMore` fetches them again).
   * @default 10000
   */
  maxItems?: number
  /**
   * Transport settings: `retry`, `idleTimeoutMs`, `openWhenHidden`, extra `headers`, `fetch`.
   * @default {} (the defaults of `openAlarmStream`)
   */
  stream?: AlarmsStreamSettings
  /**
   * One stream per browser shared by all tabs of a user: the tab holding a Web Lock opens it and relays
   * events over a BroadcastChannel. Without Web Locks or BroadcastChannel every tab opens its own.
   * @default true
   */
  sharedConnection?: boolean
  /**
   * The user a token belongs to; scopes the shared connection and clears the list when the user changes.
   * Return null to give each tab its own stream.
   * @default the `sub` claim of a JWT-like token (`tokenSubject`)
   */
  userKey?: (token: string) => string | null | undefined
  /**
   * Connect as soon as the store is first used.
   * @default true
   */
  autoConnect?: boolean
  /**
   * Server-side rendering: the store opens no stream. Set `false` to run the store in plain Node.
   * @default true when neither `window` nor `self` exists
   */
  ssr?: boolean
}

/** What the plugin provides: options with defaults applied, plus the shared services built from them. */
export interface ResolvedAlarmsOptions
  extends Required<Omit<CreateAlarmsOptions, 'refreshToken' | 'onAlarm' | 'onUnauthorized' | 'endpoints' | 'baseURL' | 'userKey'>>,
    Pick<CreateAlarmsOptions, 'refreshToken' | 'onAlarm' | 'onUnauthorized'> {
  baseURL: string
  endpoints: AlarmsEndpoints
  userKey: (token: string) => string | null
  /** Absolute or page-relative URL of the stream. */
  streamUrl: string
  api: AlarmsApi
  /** Single-flight token refresh shared by REST and stream; `true` when renewed. */
  refreshAuth: () => Promise<boolean>
  /** Runs `callback` when the app unmounts; returns a function that unregisters it. */
  onAppUnmount: (callback: () => void) => () => void
}

export const ALARMS_OPTIONS_KEY: InjectionKey<ResolvedAlarmsOptions> = Symbol('vue-sse-alarms')

const FUNCTION_OPTIONS = ['getToken', 'refreshToken', 'isHandshake', 'parseAlarm', 'onAlarm', 'onUnauthorized', 'userKey'] as const
const BOOLEAN_OPTIONS = ['sharedConnection', 'autoConnect', 'ssr'] as const
const ENDPOINT_STRINGS = ['subscribe', 'list', 'count', 'readAll'] as const
const ENDPOINT_FUNCTIONS = ['read', 'unread', 'remove'] as const

function fail(option: string, expected: string): never {
  throw new TypeError(`createAlarms: \`${option}\` must be ${expected}`)
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function validateOptions(options: CreateAlarmsOptions): void {
  if (typeof options !== 'object' || options === null) fail('options', 'an object')
  if (typeof options.getToken !== 'function') fail('getToken', 'a function')
  for (const name of FUNCTION_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') fail(name, 'a function')
  }
  for (const name of BOOLEAN_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') fail(name, 'a boolean')
  }
  if (options.baseURL !== undefined && typeof options.baseURL !== 'string') fail('baseURL', 'a string')
  if (options.axios !== undefined && typeof options.axios?.request !== 'function') fail('axios', 'an axios instance')
  const { endpoints } = options
  if (endpoints !== undefined) {
    if (typeof endpoints !== 'object' || endpoints === null) fail('endpoints', 'an object')
    for (const key of Object.keys(endpoints)) {
      const value = (endpoints as Record<string, unknown>)[key]
      if ((ENDPOINT_STRINGS as readonly string[]).includes(key)) {
        if (value !== undefined && (typeof value !== 'string' || value === '')) fail(`endpoints.${key}`, 'a non-empty string')
      } else if ((ENDPOINT_FUNCTIONS as readonly string[]).includes(key)) {
        if (value !== undefined && typeof value !== 'function') fail(`endpoints.${key}`, 'a function of the alarm id')
      } else {
        fail(`endpoints.${key}`, `one of ${[...ENDPOINT_STRINGS, ...ENDPOINT_FUNCTIONS].join(', ')} (unknown endpoint)`)
      }
    }
  }
  const { eventNames } = options
  if (eventNames !== undefined) {
    if (!Array.isArray(eventNames) || eventNames.length === 0 || !eventNames.every((name) => typeof name === 'string' && name !== '')) {
      fail('eventNames', 'a non-empty array of event names')
    }
  }
  if (options.pageSize !== undefined && !isPositiveInteger(options.pageSize)) fail('pageSize', 'a positive integer')
  if (options.maxItems !== undefined && !isPositiveInteger(options.maxItems)) fail('maxItems', 'a positive integer')
  const { refreshDebounceMs } = options
  if (refreshDebounceMs !== undefined && !(typeof refreshDebounceMs === 'number' && Number.isFinite(refreshDebounceMs) && refreshDebounceMs >= 0)) {
    fail('refreshDebounceMs', 'a non-negative number of milliseconds')
  }
  if (options.stream !== undefined && (typeof options.stream !== 'object' || options.stream === null)) fail('stream', 'an object')
}

/** Applies defaults and builds the shared services (axios service, token refresh). */
export function resolveAlarmsOptions(
  options: CreateAlarmsOptions,
  onAppUnmount: ResolvedAlarmsOptions['onAppUnmount'] = () => () => {},
): ResolvedAlarmsOptions {
  validateOptions(options)
  const baseURL = options.baseURL ?? options.axios?.defaults.baseURL ?? '/api'
  const axios = options.axios ?? axiosStatic.create({ baseURL })
  const endpoints = resolveEndpoints(options.endpoints)
  const parseAlarm = options.parseAlarm ?? defaultParseAlarm
  return {
    baseURL,
    getToken: options.getToken,
    refreshToken: options.refreshToken,
    axios,
    endpoints,
    eventNames: options.eventNames ?? ['sse', 'message'],
    isHandshake: options.isHandshake ?? isSpringHandshake,
    parseAlarm,
    pageSize: options.pageSize ?? 20,
    refreshDebounceMs: options.refreshDebounceMs ?? 100,
    onAlarm: options.onAlarm,
    onUnauthorized: options.onUnauthorized,
    maxItems: options.maxItems ?? 10_000,
    stream: options.stream ?? {},
    sharedConnection: options.sharedConnection ?? true,
    userKey: (token) => {
      try {
        return (options.userKey ?? tokenSubject)(token) ?? null
      } catch {
        // A failing mapping only costs the tab sharing, never the stream.
        return null
      }
    },
    autoConnect: options.autoConnect ?? true,
    ssr: options.ssr ?? (typeof window === 'undefined' && typeof self === 'undefined'),
    streamUrl: joinURL(baseURL, endpoints.subscribe),
    // A given instance keeps its own baseURL unless `baseURL` was passed too.
    api: createAlarmsApi(axios, endpoints, {
      getToken: options.getToken,
      parseAlarm,
      ...(options.axios && options.baseURL !== undefined ? { baseURL } : {}),
    }),
    refreshAuth: createTokenRefresher(options.refreshToken),
    onAppUnmount,
  }
}

/**
 * The Vue plugin: `app.use(createAlarms({ getToken }))`. Validates the options (a TypeError naming
 * the option), provides them to `useAlarmsStore`, and closes the store's stream when the app unmounts.
 */
export function createAlarms(options: CreateAlarmsOptions): Plugin {
  const unmountCallbacks = new Set<() => void>()
  const resolved = resolveAlarmsOptions(options, (callback) => {
    unmountCallbacks.add(callback)
    return () => unmountCallbacks.delete(callback)
  })
  return {
    install(app: App) {
      app.provide(ALARMS_OPTIONS_KEY, resolved)
      app.onUnmount(() => {
        for (const callback of [...unmountCallbacks]) callback()
      })
    },
  }
}
