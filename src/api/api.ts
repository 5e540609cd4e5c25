import type { AxiosInstance, AxiosRequestConfig } from 'axios'
import type { Alarm, AlarmPage } from '../alarms/types'
import { parseAlarm as defaultParseAlarm } from '../alarms/parse'
import { AlarmsError } from '../errors'
import { bearerAuthHeaders, unsendableHeader, type GetToken } from '../credentials'
import { resolveEndpoints, type AlarmsEndpoints } from './endpoints'
import { toAlarmsError } from './errors'
import { defaultParseCount, defaultParsePage, validateCount, validatePage, type ParsedPage } from './validate'

/** One page request of `AlarmsApi.list`. */
export interface ListParams {
  /** Counted from 0 whatever the backend's `firstPage`. */
  page: number
  size: number
  /** Only unread alarms (an optional part of the contract: a backend may ignore it). */
  unread?: boolean
  /** A page's `next`, followed instead of `page`: a link's query goes to the list endpoint, a bare cursor as `cursor`. */
  cursor?: string
}

/** Typed functions for the REST contract. Every failure is an `AlarmsError`; `signal` cancels (code `aborted`). */
export interface AlarmsApi {
  list(params: ListParams, signal?: AbortSignal): Promise<AlarmPage>
  /** Unread alarms. */
  count(signal?: AbortSignal): Promise<number>
  markRead(id: Alarm['id']): Promise<void>
  markUnread(id: Alarm['id']): Promise<void>
  markAllRead(): Promise<void>
  remove(id: Alarm['id']): Promise<void>
}

/** Options of `createAlarmsApi`: auth, cookies and the alarm parser for every request. */
export interface AlarmsApiOptions {
  /**
   * Read before every request; its token goes out through `authHeaders`. Nothing is sent when it returns nothing
   * (a cookie session, or an interceptor on your axios instance sets the header instead).
   * @default undefined
   */
  getToken?: GetToken
  /**
   * The headers that carry a token.
   * @default (token) => ({ Authorization: `Bearer ${token}` })
   */
  authHeaders?: (token: string) => Record<string, string>
  /**
   * `'include'` sends cookies cross-origin (axios `withCredentials`) and the `XSRF-TOKEN` cookie back as
   * `X-XSRF-TOKEN` on mutations, also cross-origin (axios does it by itself for same-origin requests).
   * @default 'same-origin'
   */
  credentials?: RequestCredentials
  /**
   * Maps one list item to an alarm.
   * @default parseAlarm
   */
  parseAlarm?: (raw: unknown) => Alarm | null
  /**
   * Maps a list body to `{ items, total?, unread?, next? }`; throw (or return junk) and the request fails with
   * `invalid-response`, naming this option.
   * @default defaultParsePage (`{ items, total }` or a Spring `Page`: `{ content, totalElements }`)
   */
  parsePage?: (body: unknown) => ParsedPage
  /**
   * Reads the unread count from the count body.
   * @default defaultParseCount (`{ count }`, `{ unreadCount }` or a bare number)
   */
  parseCount?: (body: unknown) => number
  /**
   * The number of the first page on the backend: Spring counts from 0, NestJS, Laravel and Django REST framework
   * from 1.
   * @default 0
   */
  firstPage?: 0 | 1
  /**
   * Overrides the instance's `baseURL` for these requests only.
   * @default the instance's `baseURL`
   */
  baseURL?: string
}

/** The auth headers for a token, refused before axios when a value cannot go in a header (a browser error quotes it). */
export async function resolveAuthHeaders(
  getToken: AlarmsApiOptions['getToken'],
  authHeaders: (token: string) => Record<string, string>,
): Promise<Record<string, string>> {
  const token = getToken ? await getToken() : undefined
  if (!token) return {}
  const headers = authHeaders(token)
  // The stream's own check, so a token is refused alike on both paths (and never quoted).
  const refusal = unsendableHeader(headers)
  if (refusal !== undefined) throw new AlarmsError('token', refusal)
  return headers
}

/**
 * The query that follows a page's `next`. Only a link's query is kept: the request goes to the list endpoint on the
 * configured origin, so a link built for another host (a proxy's inner name) never receives the token.
 */
function cursorParams(next: string, size: number): URLSearchParams {
  const query = next.indexOf('?')
  return query === -1 ? new URLSearchParams({ cursor: next, size: String(size) }) : new URLSearchParams(next.slice(query + 1).replace(/#.*$/, ''))
}

/**
 * The REST service over your axios instance (its `baseURL` and interceptors apply).
 * @param endpoints paths relative to the instance's `baseURL`; defaults follow the test API.
 */
export function createAlarmsApi(axios: AxiosInstance, endpoints: Partial<AlarmsEndpoints> = {}, options: AlarmsApiOptions = {}): AlarmsApi {
  const paths = resolveEndpoints(endpoints)
  const { getToken, authHeaders = bearerAuthHeaders, parseAlarm = defaultParseAlarm, baseURL, credentials = 'same-origin' } = options
  const { parsePage = defaultParsePage, parseCount = defaultParseCount, firstPage = 0 } = options
  const cookies: AxiosRequestConfig =
    credentials === 'include' ? { withCredentials: true, withXSRFToken: true } : credentials === 'omit' ? { withCredentials: false, withXSRFToken: false } : {}

  async function send<T>(config: AxiosRequestConfig, what: string): Promise<T> {
    try {
      const headers = await resolveAuthHeaders(getToken, authHeaders)
      const response = await axios.request<T>({ ...config, ...cookies, ...(baseURL === undefined ? {} : { baseURL }), headers })
      return response.data
    } catch (error) {
      throw toAlarmsError(error, what)
    }
  }

  const mutate = async (method: 'PATCH' | 'DELETE', url: string) => {
    await send({ method, url }, `${method} ${url}`)
  }

  return {
    async list({ page, size, unread, cursor }, signal) {
      const params = cursor !== undefined ? cursorParams(cursor, size) : { page: page + firstPage, size, ...(unread ? { unread: true } : {}) }
      const body = await send<unknown>({ method: 'GET', url: paths.list, params, signal }, `GET ${paths.list}`)
      return validatePage(body, { page, size }, parseAlarm, `GET ${paths.list}`, parsePage)
    },
    async count(signal) {
      const body = await send<unknown>({ method: 'GET', url: paths.count, signal }, `GET ${paths.count}`)
      return validateCount(body, `GET ${paths.count}`, parseCount)
    },
    markRead: (id) => mutate('PATCH', paths.read(id)),
    markUnread: (id) => mutate('PATCH', paths.unread(id)),
    markAllRead: () => mutate('PATCH', paths.readAll),
    remove: (id) => mutate('DELETE', paths.remove(id)),
  }
}
