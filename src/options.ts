import type { AxiosInstance } from 'axios'
import type { InjectionKey } from 'vue'
import type { Alarm } from './alarms/types'
import type { AlarmsApi } from './api/api'
import type { AlarmAttentionOptions } from './attention/options'
import type { QuietHoursWindow } from './quiet/quiet-window'
import type { TokenRefresher } from './api/auth'
import type { AlarmsEndpoints } from './api/endpoints'
import type { ParsedPage } from './api/validate'
import type { GetToken, RefreshToken } from './credentials'
import type { AlarmStreamOptions } from './stream/types'
import type { AlarmConnection } from './tabs/types'

/** Transport settings passed through to `openAlarmStream`. `headers` may be a function, read at every (re)connect. */
export type AlarmsStreamSettings = Pick<AlarmStreamOptions, 'retry' | 'idleTimeoutMs' | 'wakeDetection' | 'openWhenHidden' | 'headers' | 'fetch'>

/** Options of {@link createAlarms}. All optional: with none, a cookie session on `/api` is assumed. */
export interface CreateAlarmsOptions {
  /**
   * Prefix of every REST path and of the stream path.
   * @default axios.defaults.baseURL of a given `axios` instance, else '/api'
   */
  baseURL?: string
  /**
   * The current access token; nothing means signed out. Read inside a watcher, so a getter of reactive state (a
   * `ref`, a Pinia store, Nuxt's `useCookie`) connects on sign-in and disconnects on sign-out by itself; also read
   * before every REST request and once per stream (re)connect. Leave it out for cookie sessions.
   * @default undefined (no token: cookies, see `credentials` and `userKey`)
   */
  getToken?: GetToken
  /**
   * The headers that carry the token, on the stream and on REST alike.
   * Raw token: `(t) => ({ Authorization: t })`; custom header: `(t) => ({ 'X-Auth-Token': t })`.
   * @default (token) => ({ Authorization: `Bearer ${token}` })
   */
  authHeaders?: (token: string) => Record<string, string>
  /**
   * Cookies on the stream's fetch and on axios: `'include'` sends them cross-origin (axios `withCredentials`), and
   * mutations carry the `XSRF-TOKEN` cookie back as `X-XSRF-TOKEN` (Spring Security's double submit).
   * @default 'same-origin'
   */
  credentials?: 'same-origin' | 'include' | 'omit'
  /**
   * Renews the session after a 401 (one call shared by concurrent REST and stream 401s); the contract is
   * {@link RefreshToken}: `false`, `null` or a rejection mean "could not". It counts as renewed only when, besides,
   * `getToken()` then yields a token (with no `getToken`: when the retried request succeeds). Otherwise:
   * `status: 'unauthorized'`, the stream closes, `onUnauthorized()`.
   * @default undefined (a 401 ends the session at once)
   */
  refreshToken?: RefreshToken
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
   * Maps a list body to `{ items, total?, unread?, next? }` (items raw, each read by `parseAlarm`). NestJS/Laravel:
   * `(body) => ({ items: body.data, total: body.meta.total })`; Django REST framework:
   * `(body) => ({ items: body.results, total: body.count, next: body.next })`. A page with `next` pages by cursor.
   * A body it cannot map fails with `invalid-response` naming this option.
   * @default defaultParsePage (`{ items, total }`, or a Spring `Page`: `{ content, totalElements }`)
   */
  parsePage?: (body: unknown) => ParsedPage
  /**
   * Reads the unread count from the count endpoint's body.
   * @default defaultParseCount (`{ count }`, `{ unreadCount }` or a bare number)
   */
  parseCount?: (body: unknown) => number
  /**
   * The number the backend gives its first page: Spring counts from 0; NestJS, Laravel and Django REST framework
   * from 1. The store always counts from 0 and adds this to the `page` it sends.
   * @default 0
   */
  firstPage?: 0 | 1
  /**
   * Alarms per REST page.
   * @default 20
   */
  pageSize?: number
  /**
   * The refresh after new alarms runs once the stream has been quiet this long, so a burst costs one refetch.
   * @default 100
   */
  refreshDebounceMs?: number
  /**
   * Longest the refresh waits while a burst keeps coming.
   * @default 1000
   */
  refreshMaxWaitMs?: number
  /**
   * The reconcile after a reconnect waits a random time up to this, so a server restart does not bring every
   * client's REST requests in the same second. The first load after sign-in does not wait.
   * @default 1000
   */
  reconcileJitterMs?: number
  /**
   * Called once per new alarm: an alarm new to this page, whichever path brought it first (stream, replay, REST
   * reconcile); never for the first load. Refresh your own data here. The same alarms reach `subscribeNewAlarms`
   * and `onNewAlarm()` in components, and set `hasNewAlarms`.
   * @default undefined
   */
  onNewAlarm?: (alarm: Alarm) => void
  /**
   * The former name of `onNewAlarm`; still called when `onNewAlarm` is not given.
   * @deprecated Use `onNewAlarm`: one name for new alarms across options, store and composables.
   * @default undefined
   */
  onAlarm?: (alarm: Alarm) => void
  /**
   * The session is over: a 401 that `refreshToken` could not renew, or a sign-out in another tab.
   * @default undefined
   */
  onUnauthorized?: () => void
  /**
   * Most alarms kept in memory; the oldest are dropped past it (`loadMore` fetches them again).
   * @default 10000
   */
  maxItems?: number
  /**
   * Transport settings: `retry`, `idleTimeoutMs`, `wakeDetection`, `openWhenHidden`, extra `headers` (an object or a
   * function read at every (re)connect), `fetch`.
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
   * Who is signed in: scopes the shared connection and starts a new user from an empty list. With `getToken`:
   * `(token) => key` (return null for a stream per tab). Without it (cookie sessions): `() => key`, read
   * reactively like `getToken`, `null` meaning signed out.
   * A number is read as its decimal string (a numeric user id, or Nuxt's `useCookie`, which parses `"7105"` to 7105).
   * @default with getToken: the `sub` claim of a JWT-like token (`tokenSubject`); without: none (always connect)
   */
  userKey?: ((token: string) => UserKeyValue) | (() => UserKeyValue)
  /**
   * Connect whenever someone is signed in. `false`: only after `connect()`.
   * @default true
   */
  autoConnect?: boolean
  /**
   * Attention signals `useAlarmAttention()` shows: `title`, `favicon`, `appBadge`, `sound` (each off unless given).
   * Their code is only in the app when it imports `useAlarmAttention`.
   * @default {}
   */
  attention?: AlarmAttentionOptions
  /**
   * Where `useAlarmPreferences()` keeps each user's per-type switches: `localStorage` by default, or the backend at
   * `endpoint` (`GET`/`PUT`, relative to `baseURL`, e.g. `'/alarms/preferences'`).
   * @default {}
   */
  preferences?: { endpoint?: string }
  /**
   * The daily window `useAlarmQuietHours()` starts with, local time: `{ from: '22:00', to: '07:00' }`.
   * @default null (none)
   */
  quietHours?: QuietHoursWindow | null
  /**
   * Server-side rendering: the store opens nothing. Set `false` to run the store in plain Node.
   * @default true when neither `window` nor `self` exists
   */
  ssr?: boolean
}

/** What `userKey` may return: a user id as text or number; null or undefined for "nobody" (or a stream per tab). */
export type UserKeyValue = string | number | null | undefined

type Plain = 'refreshToken' | 'onAlarm' | 'onNewAlarm' | 'onUnauthorized' | 'endpoints' | 'baseURL' | 'userKey' | 'getToken' | 'credentials'

/** What the plugin provides: options with defaults applied, plus the shared services built from them. */
export interface ResolvedAlarmsOptions extends Required<Omit<CreateAlarmsOptions, Plain>>, Pick<CreateAlarmsOptions, 'onNewAlarm' | 'onUnauthorized' | 'getToken'> {
  baseURL: string
  credentials: RequestCredentials
  endpoints: AlarmsEndpoints
  /** With `getToken`: the user a token belongs to (never throws). */
  tokenUserKey: (token: string) => string | null
  /** Without `getToken`: who is signed in by cookie, or undefined when the app did not say. */
  sessionUserKey?: () => string | null | undefined
  /** Absolute or page-relative URL of the stream. */
  streamUrl: string
  api: AlarmsApi
  /** Single-flight session refresh shared by REST and stream; `true` when renewed. */
  refreshAuth: TokenRefresher
  /** Runs `callback` when the app unmounts; returns a function that unregisters it. */
  onAppUnmount: (callback: () => void) => () => void
  /** The transport: `openAlarmStream`, or a stream with no server (`vue-sse-alarms/testing`, tests). */
  openStream: (options: AlarmStreamOptions) => AlarmConnection
}

/**
 * The defaults of the serialisable options, in one place: `createAlarms`, `createAlarmsClient` and the Nuxt module
 * all read them from here.
 */
export const ALARMS_DEFAULTS = Object.freeze({
  baseURL: '/api',
  credentials: 'same-origin',
  eventNames: Object.freeze(['sse', 'message']),
  firstPage: 0,
  pageSize: 20,
  refreshDebounceMs: 100,
  refreshMaxWaitMs: 1000,
  reconcileJitterMs: 1000,
  maxItems: 10_000,
  sharedConnection: true,
  autoConnect: true,
} as const)

/**
 * The options an app gives as functions, in one list: checked by `createAlarms`, run inside the app's context by
 * the Nuxt plugin. (`axios` is not one: an axios instance is callable too.)
 */
export const FUNCTION_OPTIONS = [
  'getToken',
  'refreshToken',
  'authHeaders',
  'userKey',
  'isHandshake',
  'parseAlarm',
  'parsePage',
  'parseCount',
  'onNewAlarm',
  'onAlarm',
  'onUnauthorized',
] as const satisfies readonly (keyof CreateAlarmsOptions)[]

/** Where the plugin provides the resolved options; `useAlarmsStore` injects them. */
export const ALARMS_OPTIONS_KEY: InjectionKey<ResolvedAlarmsOptions> = Symbol('vue-sse-alarms')
