import axiosStatic from 'axios'
import { isSpringHandshake, parseAlarm as defaultParseAlarm } from './alarms/parse'
import { createAlarmsApi } from './api/api'
import { bearerAuthHeaders, createTokenRefresher } from './api/auth'
import { joinURL, resolveEndpoints } from './api/endpoints'
import { defaultParseCount, defaultParsePage } from './api/validate'
import { ALARMS_DEFAULTS, type CreateAlarmsOptions, type ResolvedAlarmsOptions, type UserKeyValue } from './options'
import { openAlarmStream } from './stream/open-alarm-stream'
import { tokenSubject, userKeyText } from './tabs/user-key'
import { validateOptions } from './validate-options'

/** The deprecated `onAlarm` is reported once per page, not once per app. */
let warnedOnAlarm = false

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
  // Development only, as vue validates props: a production build ships neither the checks nor their messages.
  if (process.env.NODE_ENV !== 'production') validateOptions(options)
  if (process.env.NODE_ENV !== 'production' && options.onAlarm && !warnedOnAlarm) {
    warnedOnAlarm = true
    console.warn('[vue-sse-alarms] The `onAlarm` option is deprecated: use `onNewAlarm`, which it was renamed to.')
  }
  const baseURL = options.baseURL ?? options.axios?.defaults.baseURL ?? ALARMS_DEFAULTS.baseURL
  const axios = options.axios ?? axiosStatic.create({ baseURL })
  const endpoints = resolveEndpoints(options.endpoints)
  const parseAlarm = options.parseAlarm ?? defaultParseAlarm
  const authHeaders = options.authHeaders ?? bearerAuthHeaders
  const credentials = options.credentials ?? ALARMS_DEFAULTS.credentials
  const parsePage = options.parsePage ?? defaultParsePage
  const parseCount = options.parseCount ?? defaultParseCount
  const firstPage = options.firstPage ?? ALARMS_DEFAULTS.firstPage
  const { getToken, userKey } = options
  return {
    baseURL,
    getToken,
    authHeaders,
    credentials,
    axios,
    endpoints,
    eventNames: options.eventNames ?? [...ALARMS_DEFAULTS.eventNames],
    isHandshake: options.isHandshake ?? isSpringHandshake,
    parseAlarm,
    parsePage,
    parseCount,
    firstPage,
    pageSize: options.pageSize ?? ALARMS_DEFAULTS.pageSize,
    refreshDebounceMs: options.refreshDebounceMs ?? ALARMS_DEFAULTS.refreshDebounceMs,
    refreshMaxWaitMs: options.refreshMaxWaitMs ?? ALARMS_DEFAULTS.refreshMaxWaitMs,
    reconcileJitterMs: options.reconcileJitterMs ?? ALARMS_DEFAULTS.reconcileJitterMs,
    onNewAlarm: options.onNewAlarm ?? options.onAlarm,
    onUnauthorized: options.onUnauthorized,
    maxItems: options.maxItems ?? ALARMS_DEFAULTS.maxItems,
    stream: options.stream ?? {},
    sharedConnection: options.sharedConnection ?? ALARMS_DEFAULTS.sharedConnection,
    tokenUserKey: safeKey((userKey as ((token: string) => UserKeyValue) | undefined) ?? tokenSubject),
    ...(!getToken && userKey && { sessionUserKey: safeKey(userKey as () => UserKeyValue) }),
    autoConnect: options.autoConnect ?? ALARMS_DEFAULTS.autoConnect,
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
    openStream: openAlarmStream,
  }
}
