import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient, type AuthShape, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { PROTECTED_ROUTES } from './protected-routes'
import { call, openRaw, type RawStream } from './raw-client'

const TOKEN_MODES = [
  {
    auth: 'bearer',
    logged: 'Authorization: Bearer',
    refused: (token: string): Array<Record<string, string>> => [{}, { Authorization: token }, { 'X-Auth-Token': token }, { Authorization: `Basic ${token}` }],
  },
  {
    auth: 'raw',
    logged: 'Authorization: raw',
    refused: (token: string): Array<Record<string, string>> => [{}, { Authorization: `Bearer ${token}` }, { 'X-Auth-Token': token }, { Authorization: '' }],
  },
  {
    auth: 'header:X-Auth-Token',
    logged: 'X-Auth-Token',
    refused: (token: string): Array<Record<string, string>> => [{}, { Authorization: `Bearer ${token}` }, { Authorization: token }, { 'X-Other-Token': token }],
  },
] satisfies Array<{ auth: AuthShape; logged: string; refused: (token: string) => Array<Record<string, string>> }>

describe.each(TOKEN_MODES)('--auth $auth', ({ auth, logged, refused }) => {
  let server: TestServer
  let api: TestApiClient
  const open: RawStream[] = []

  beforeAll(async () => {
    server = await startTestApi({ auth })
    api = createTestApiClient(server.url)
  })
  afterEach(() => {
    for (const stream of open.splice(0)) stream.close()
  })
  afterAll(() => server.close())

  it('authenticates the stream and every REST route by the token in its own header shape', async () => {
    const alice = await api.signIn(1, auth)
    const stream = await openRaw(server.url, { headers: alice.headers })
    open.push(stream)
    expect(stream.status).toBe(200)
    expect(await stream.waitFor('\n\n')).toContain('[userId=1]')
    const alarm = await api.publish(1, { content: 'shaped' })
    await stream.waitFor('shaped')
    expect((await api.listAlarmsAs(alice)).items.map((item) => item.id)).toContain(alarm.id)
    expect(await api.countAs(alice)).toBe(1)
    expect((await api.request(alice, 'PATCH', `/api/alarms/${alarm.id}/read`)).status).toBe(204)
    expect((await api.request(alice, 'DELETE', `/api/alarms/${alarm.id}`)).status).toBe(204)
  })

  it.each(PROTECTED_ROUTES)('answers 401 JSON to %s %s without a credential or with the token in another shape', async (method, path) => {
    const { accessToken } = await api.signIn(2, auth)
    for (const headers of refused(accessToken!)) {
      const response = await call(server.url, method, path, { headers })
      expect(response.status, JSON.stringify(Object.keys(headers))).toBe(401)
      expect(response.json()).toEqual({ error: { status: 401, message: expect.any(String) } })
      expect(response.text).not.toContain(accessToken)
    }
  })

  it('logs the header name and scheme of each request, never the token', async () => {
    const who = await api.signIn(3, auth)
    await api.resetStats()
    await api.countAs(who)
    await call(server.url, 'GET', '/api/alarms/count')
    await call(server.url, 'GET', '/api/alarms/count', { headers: { ...who.headers, 'X-XSRF-TOKEN': 'anything' } })
    const { requestLog } = await api.stats()
    expect(requestLog.map((entry) => [entry.auth, entry.xsrf, entry.status])).toEqual([
      [logged, false, 200],
      ['none', false, 401],
      [logged, true, 200],
    ])
    expect(JSON.stringify(requestLog)).not.toContain(who.accessToken)
    expect(JSON.stringify(requestLog)).not.toContain('anything')
  })

  it('answers logout with 204 and revokes nothing: the token keeps working', async () => {
    const who = await api.signIn(4, auth)
    const { status, setCookies } = await api.logout(who)
    expect(status).toBe(204)
    expect(setCookies).toEqual([])
    expect(await api.countAs(who)).toBe(0)
  })

  it('keeps answering login with a token pair and refreshing it', async () => {
    const who = await api.signIn(5, auth)
    expect(who.accessToken).toMatch(/^[\w-]+\.[\w-]+$/)
    const refreshed = await api.refresh(who.refreshToken!)
    expect(refreshed.accessToken).not.toBe(who.accessToken)
  })
})

describe('credentialed CORS with --cors-origin', () => {
  const origin = 'http://127.0.0.1:5173'
  let server: TestServer

  beforeAll(async () => {
    server = await startTestApi({ corsOrigin: origin, auth: 'header:X-Auth-Token' })
  })
  afterAll(() => server.close())

  it('answers a preflight for the exact origin with credentials, the XSRF header and the custom auth header', async () => {
    const preflight = await call(server.url, 'OPTIONS', '/api/alarms/1/read', {
      headers: { Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'x-auth-token,x-xsrf-token' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin)
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Last-Event-ID, X-XSRF-TOKEN, X-Auth-Token')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH')
  })

  it('marks every answer, errors included, with the origin, credentials and the exposed Retry-After', async () => {
    const refused = await call(server.url, 'GET', '/api/alarms/count', { headers: { Origin: origin } })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin)
    expect(refused.headers.get('access-control-allow-credentials')).toBe('true')
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After')
  })

  it('allows no custom auth header in the other modes', async () => {
    const bearer = await startTestApi({ corsOrigin: origin })
    try {
      const preflight = await call(bearer.url, 'OPTIONS', '/api/subscribe', { headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } })
      expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Last-Event-ID, X-XSRF-TOKEN')
    } finally {
      await bearer.close()
    }
  })
})
