import type { AxiosInstance, AxiosRequestConfig } from 'axios'
import type { Alarm, AlarmPage } from '../alarms/types'
import { parseAlarm as defaultParseAlarm } from '../alarms/parse'
import { resolveEndpoints, type AlarmsEndpoints } from './endpoints'
import { isSendableToken } from '../stream/request'
import { AlarmsApiError, toAlarmsApiError } from './errors'
import { validateCount, validatePage } from './validate'

/** Typed functions for the REST contract. Every failure is an `AlarmsApiError`. */
export interface AlarmsApi {
  /** With `unread: true` asks for unread alarms only (`&unread=true`); a backend may ignore it. */
  list(params: { page: number; size: number; unread?: boolean }): Promise<AlarmPage>
  /** Unread alarms. */
  count(): Promise<number>
  markRead(id: Alarm['id']): Promise<void>
  markUnread(id: Alarm['id']): Promise<void>
  markAllRead(): Promise<void>
  remove(id: Alarm['id']): Promise<void>
}

export interface AlarmsApiOptions {
  /**
   * Read before every request and sent as `Authorization: Bearer <token>`; nothing is sent when it
   * returns nothing (an interceptor on your axios instance may set the header instead).
   * @default undefined
   */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>
  /**
   * Maps one list item to an alarm.
   * @default parseAlarm
   */
  parseAlarm?: (raw: unknown) => Alarm | null
  /**
   * Overrides the instance's `baseURL` for these requests only.
   * @default the instance's `baseURL`
   */
  baseURL?: string
}

/**
 * The REST service over your axios instance (its `baseURL` and interceptors apply).
 * @param endpoints paths relative to the instance's `baseURL`; defaults follow the test API.
 */
export function createAlarmsApi(
  axios: AxiosInstance,
  endpoints: Partial<AlarmsEndpoints> = {},
  options: AlarmsApiOptions = {},
): AlarmsApi {
  const paths = resolveEndpoints(endpoints)
  const { getToken, parseAlarm = defaultParseAlarm, baseURL } = options

  async function send<T>(config: AxiosRequestConfig, what: string): Promise<T> {
    try {
      const token = getToken ? await getToken() : undefined
      // A browser's error for an unsendable header value quotes it: refuse the token before it gets there.
      if (token && !isSendableToken(token)) throw new AlarmsApiError('unauthorized', `${what}: the access token cannot be sent in a header`)
      const response = await axios.request<T>({
        ...config,
        ...(baseURL === undefined ? {} : { baseURL }),
        ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
      })
      return response.data
    } catch (error) {
      throw toAlarmsApiError(error, what)
    }
  }

  return {
    async list({ unread, ...params }) {
      const query = unread ? { ...params, unread: true } : params
      const body = await send<unknown>({ method: 'GET', url: paths.list, params: query }, `GET ${paths.list}`)
      return validatePage(body, params, parseAlarm, `GET ${paths.list}`)
    },
    async count() {
      const body = await send<unknown>({ method: 'GET', url: paths.count }, `GET ${paths.count}`)
      return validateCount(body, `GET ${paths.count}`)
    },
    async markRead(id) {
      const url = paths.read(id)
      await send({ method: 'PATCH', url }, `PATCH ${url}`)
    },
    async markUnread(id) {
      const url = paths.unread(id)
      await send({ method: 'PATCH', url }, `PATCH ${url}`)
    },
    async markAllRead() {
      await send({ method: 'PATCH', url: paths.readAll }, `PATCH ${paths.readAll}`)
    },
    async remove(id) {
      const url = paths.remove(id)
      await send({ method: 'DELETE', url }, `DELETE ${url}`)
    },
  }
}
