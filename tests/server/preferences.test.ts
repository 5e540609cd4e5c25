import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { call } from './raw-client'

describe('the preferences route', () => {
  let server: TestServer
  let alice: string
  let bob: string

  beforeAll(async () => {
    server = await startTestApi()
    const api = createTestApiClient(server.url)
    alice = (await api.login(1)).accessToken
    bob = (await api.login(2)).accessToken
  })
  afterAll(() => server.close())

  it('keeps each user their own switches', async () => {
    expect((await call(server.url, 'GET', '/api/alarms/preferences', { token: alice })).json()).toEqual({})
    const saved = await call(server.url, 'PUT', '/api/alarms/preferences', { token: alice, body: JSON.stringify({ COMMENT: { toast: false } }) })
    expect(saved.status).toBe(200)
    expect((await call(server.url, 'GET', '/api/alarms/preferences', { token: alice })).json()).toEqual({ COMMENT: { toast: false } })
    expect((await call(server.url, 'GET', '/api/alarms/preferences', { token: bob })).json()).toEqual({})
  })

  it('refuses unknown channels, non-boolean switches and anonymous requests', async () => {
    const badChannel = await call(server.url, 'PUT', '/api/alarms/preferences', { token: alice, body: JSON.stringify({ COMMENT: { email: false } }) })
    expect(badChannel.status).toBe(400)
    const badValue = await call(server.url, 'PUT', '/api/alarms/preferences', { token: alice, body: JSON.stringify({ COMMENT: { toast: 'no' } }) })
    expect(badValue.status).toBe(400)
    expect((await call(server.url, 'GET', '/api/alarms/preferences')).status).toBe(401)
  })
})
