import { describe, expect, it, vi } from 'vitest'
import { useAlarmPreferences } from '../../src/preferences'
import { call } from '../server/raw-client'
import { mountAlarms } from '../store/mount-alarms'
import { testApiPerSuite } from '../helpers/test-api-per-suite'

describe('preferences on the backend', () => {
  const { api, url } = testApiPerSuite()

  it('loads and saves through the endpoint, per user', async () => {
    const kim = (await api.login(31)).accessToken
    const lee = (await api.login(32)).accessToken
    await call(url(), 'PUT', '/api/alarms/preferences', { token: lee, body: JSON.stringify({ LIKE: { sound: false } }) })
    let token = kim
    const mounted = mountAlarms({ baseURL: `${url()}/api`, getToken: () => token, autoConnect: false, preferences: { endpoint: '/alarms/preferences' } })
    try {
      const preferences = mounted.app.runWithContext(() => useAlarmPreferences())
      await vi.waitFor(() => expect(preferences.loading.value).toBe(false))
      await preferences.set('COMMENT', 'toast', false)
      const held = await call(url(), 'GET', '/api/alarms/preferences', { token: kim })
      expect(held.json()).toEqual({ COMMENT: { toast: false } })

      token = lee
      mounted.store.connect()
      await vi.waitFor(() => expect(preferences.allows('LIKE', 'sound')).toBe(false))
      expect(preferences.allows('COMMENT', 'toast')).toBe(true)
    } finally {
      mounted.unmount()
    }
  })
})
