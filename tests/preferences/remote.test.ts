import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { useAlarmPreferences } from '../../src/preferences'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { call } from '../server/raw-client'
import { mountAlarms } from '../store/mount-alarms'

describe('preferences on the backend', () => {
  let server: TestServer
  let api: TestApiClient

  beforeAll(async () => {
    server = await startTestApi()
    api = createTestApiClient(server.url)
  })
  afterAll(() => server.close())

  it('loads and saves through the endpoint, per user', async () => {
    const kim = (await api.login(31)).accessToken
    const lee = (await api.login(32)).accessToken
    await call(server.url, 'PUT', '/api/alarms/preferences', { token: lee, body: JSON.stringify({ LIKE: { sound: false } }) })
    let token = kim
    const mounted = mountAlarms({ baseURL: `${server.url}/api`, getToken: () => token, autoConnect: false, preferences: { endpoint: '/alarms/preferences' } })
    try {
      const preferences = mounted.app.runWithContext(() => useAlarmPreferences())
      await vi.waitFor(() => expect(preferences.loading.value).toBe(false))
      await preferences.set('COMMENT', 'toast', false)
      const held = await call(server.url, 'GET', '/api/alarms/preferences', { token: kim })
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
