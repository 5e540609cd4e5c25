import type { AxiosInstance } from 'axios'
import { resolveAuthHeaders } from '../api/api'
import { toAlarmsError } from '../api/errors'
import type { ResolvedAlarmsOptions } from '../options'
import { parsePreferences, type AlarmPreferences } from './preferences'

/** Where one user's preferences are kept. */
export interface PreferencesStorage {
  load(user: string): Promise<AlarmPreferences>
  save(user: string, preferences: AlarmPreferences): Promise<void>
}

const LOCAL_PREFIX = 'vue-sse-alarms:preferences:'

/** `localStorage`, one key per user; a browser that refuses storage (private mode, quota) keeps them in memory. */
export function localPreferencesStorage(): PreferencesStorage {
  const fallback = new Map<string, AlarmPreferences>()
  return {
    async load(user) {
      try {
        const stored = localStorage.getItem(LOCAL_PREFIX + user)
        return stored === null ? (fallback.get(user) ?? {}) : parsePreferences(JSON.parse(stored))
      } catch {
        return fallback.get(user) ?? {}
      }
    },
    async save(user, preferences) {
      fallback.set(user, preferences)
      try {
        localStorage.setItem(LOCAL_PREFIX + user, JSON.stringify(preferences))
      } catch {
        // Kept in memory for this page.
      }
    },
  }
}

/** `GET`/`PUT` of `endpoint` (relative to the axios `baseURL`), authorized like every other request. */
export function remotePreferencesStorage(config: Pick<ResolvedAlarmsOptions, 'axios' | 'getToken' | 'authHeaders' | 'credentials'>, endpoint: string): PreferencesStorage {
  const axios: AxiosInstance = config.axios
  const withCredentials = config.credentials === 'include' ? { withCredentials: true, withXSRFToken: true } : {}
  async function send<T>(method: 'GET' | 'PUT', data?: AlarmPreferences): Promise<T> {
    try {
      const headers = await resolveAuthHeaders(config.getToken, config.authHeaders)
      const response = await axios.request<T>({ method, url: endpoint, data, headers, ...withCredentials })
      return response.data
    } catch (error) {
      throw toAlarmsError(error, `${method} ${endpoint}`)
    }
  }
  return {
    load: async () => parsePreferences(await send<unknown>('GET')),
    save: async (_user, preferences) => {
      await send('PUT', preferences)
    },
  }
}
