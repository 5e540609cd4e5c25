import axiosStatic from 'axios'
import { isSpringHandshake, parseAlarm } from './alarms/parse'
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
  // Every build: options can come from runtime config (Nuxt's NUXT_PUBLIC_ALARMS_*), not only from code.
  validateOptions(options)
  if (process.env.NODE_ENV !== 'production' && options.onAlarm && !warnedOnAlarm) {
    warnedOnAlarm = true
    console.warn('[vue-sse-alarms] The `onAlarm` option is deprecated: use `onNewAlarm`, which it was renamed to.')
  }
  // An option set to undefined takes its default, as one left out does.
  const given: CreateAlarmsOptions = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  const { getToken, userKey } = given
  const baseURL = given.baseURL ?? given.axios?.defaults.baseURL ?? ALARMS_DEFAULTS.baseURL
  const axios = given.axios ?? axiosStatic.create({ baseURL })
  const endpoints = resolveEndpoints(given.endpoints)
  const resolved = {
    ...ALARMS_DEFAULTS,
    eventNames: [...ALARMS_DEFAULTS.eventNames],
    authHeaders: bearerAuthHeaders,
    isHandshake: isSpringHandshake,
    parseAlarm,
    parsePage: defaultParsePage,
    parseCount: defaultParseCount,
    stream: {},
    attention: {},
    preferences: {},
    quietHours: null,
    ssr: typeof window === 'undefined' && typeof self === 'undefined',
    ...given,
    baseURL,
    axios,
    endpoints,
  }
  return {
    ...resolved,
    onNewAlarm: given.onNewAlarm ?? given.onAlarm,
    tokenUserKey: safeKey((userKey as ((token: string) => UserKeyValue) | undefined) ?? tokenSubject),
    ...(!getToken && userKey && { sessionUserKey: safeKey(userKey as () => UserKeyValue) }),
    streamUrl: joinURL(baseURL, endpoints.subscribe),
    // A given instance keeps its own baseURL unless `baseURL` was passed too.
    api: createAlarmsApi(axios, endpoints, { ...resolved, baseURL: given.axios && given.baseURL !== undefined ? baseURL : undefined }),
    refreshAuth: createTokenRefresher(given.refreshToken, getToken),
    onAppUnmount,
    openStream: openAlarmStream,
  }
}
