import axiosStatic from 'axios'
import type { App, InjectionKey, Plugin } from 'vue'
import { isSpringHandshake, parseAlarm as defaultParseAlarm } from './alarms/parse'
import { createAlarmsApi } from './api/api'
import { bearerAuthHeaders, createTokenRefresher } from './api/auth'
import { joinURL, resolveEndpoints } from './api/endpoints'
import { defaultParseCount, defaultParsePage } from './api/validate'
import type { CreateAlarmsOptions, ResolvedAlarmsOptions, UserKeyValue } from './options'
import { tokenSubject, userKeyText } from './tabs/user-key'
import { validateOptions } from './validate-options'

export type { CreateAlarmsOptions, AlarmsStreamSettings } from './options'

export const ALARMS_OPTIONS_KEY: InjectionKey<ResolvedAlarmsOptions> = Symbol('vue-sse-alarms')

/** A failing app mapping costs only the tab sharing, never the stream. */
function safeKey<Args extends unknown[]>(key: (...args: Args) => UserKeyValue) {
  return (...args: Args): string | null => {
    try {
      return userKeyText(key(...args))
    } catch {
      return null
    }
  }
}

/** Applies defaults and builds the shared services (axios service, session refresh). */
export function resolveAlarmsOptions(
  options: CreateAlarmsOptions = {},
  onAppUnmount: ResolvedAlarmsOptions['onAppUnmount'] = () => () => {},
): ResolvedAlarmsOptions {
  validateOptions(options)
  const baseURL = options.baseURL ?? options.axios?.defaults.baseURL ?? '/api'
  const axios = options.axios ?? axiosStatic.create({ baseURL })
  const endpoints = resolveEndpoints(options.endpoints)
  const parseAlarm = options.parseAlarm ?? defaultParseAlarm
  const authHeaders = options.authHeaders ?? bearerAuthHeaders
  const credentials = options.credentials ?? 'same-origin'
  const parsePage = options.parsePage ?? defaultParsePage
  const parseCount = options.parseCount ?? defaultParseCount
  const firstPage = options.firstPage ?? 0
  const { getToken, userKey } = options
  return {
    baseURL,
    getToken,
    authHeaders,
    credentials,
    axios,
    endpoints,
    eventNames: options.eventNames ?? ['sse', 'message'],
    isHandshake: options.isHandshake ?? isSpringHandshake,
    parseAlarm,
    parsePage,
    parseCount,
    firstPage,
    pageSize: options.pageSize ?? 20,
    refreshDebounceMs: options.refreshDebounceMs ?? 100,
    refreshMaxWaitMs: options.refreshMaxWaitMs ?? 1000,
    reconcileJitterMs: options.reconcileJitterMs ?? 1000,
    onAlarm: options.onAlarm,
    onUnauthorized: options.onUnauthorized,
    maxItems: options.maxItems ?? 10_000,
    stream: options.stream ?? {},
    sharedConnection: options.sharedConnection ?? true,
    tokenUserKey: safeKey((userKey as ((token: string) => UserKeyValue) | undefined) ?? tokenSubject),
    ...(!getToken && userKey && { sessionUserKey: safeKey(userKey as () => UserKeyValue) }),
    autoConnect: options.autoConnect ?? true,
    attention: options.attention ?? {},
    preferences: options.preferences ?? {},
    quietHours: options.quietHours ?? null,
    ssr: options.ssr ?? (typeof window === 'undefined' && typeof self === 'undefined'),
    streamUrl: joinURL(baseURL, endpoints.subscribe),
    // A given instance keeps its own baseURL unless `baseURL` was passed too.
    api: createAlarmsApi(axios, endpoints, {
      getToken,
      authHeaders,
      credentials,
      parseAlarm,
      parsePage,
      parseCount,
      firstPage,
      ...(options.axios && options.baseURL !== undefined ? { baseURL } : {}),
    }),
    refreshAuth: createTokenRefresher(options.refreshToken, getToken),
    onAppUnmount,
  }
}

/**
 * The Vue plugin: `app.use(createAlarms({ getToken }))`. Validates the options (a TypeError naming
 * the option), provides them to `useAlarmsStore`, and closes the store's stream when the app unmounts.
 */
export function createAlarms(options: CreateAlarmsOptions = {}): Plugin {
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
