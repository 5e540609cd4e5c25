import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cookiePairs, createTestApiClient, type SignedIn, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { PROTECTED_ROUTES } from './protected-routes'
import { call, openRaw } from './raw-client'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('--auth cookie', () => {
  let server: TestServer
  let api: TestApiClient

  beforeAll(async () => {
    server = await startTestApi({ auth: 'cookie' })
    api = createTestApiClient(server.url)
  })
  afterAll(() => server.close())

  it('logs in with an HttpOnly SESSION cookie and a readable XSRF-TOKEN cookie, answering only the user id', async () => {
    const response = await call(server.url, 'POST', '/api/auth/login', { body: '{"userId":1}' })
    expect(response.status).toBe(200)
    expect(response.json()).toEqual({ userId: 1 })
    const setCookies = response.headers.getSetCookie()
    expect(setCookies).toHaveLength(2)
    expect(setCookies[0]).toMatch(/^SESSION=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(setCookies[1]).toMatch(/^XSRF-TOKEN=[\w-]{16,}; Path=\/$/)
    const second = cookiePairs((await call(server.url, 'POST', '/api/auth/login', { body: '{"userId":1}' })).headers.getSetCookie())
    expect(second.get('SESSION')).not.toBe(cookiePairs(setCookies).get('SESSION'))
  })

  it('authenticates the stream and the REST routes by the session cookie, each user seeing only their alarms', async () => {
    const alice = await api.signIn(11, 'cookie')
    const bob = await api.signIn(12, 'cookie')
    const stream = await openRaw(server.url, { headers: alice.headers })
    try {
      expect(stream.status).toBe(200)
      expect(await stream.waitFor('\n\n')).toContain('[userId=11]')
      const alarm = await api.publish(11, { content: 'cookie alarm' })
      await stream.waitFor('cookie alarm')
      expect((await api.listAlarmsAs(alice)).items.map((item) => item.id)).toEqual([alarm.id])
      expect((await api.listAlarmsAs(bob)).total).toBe(0)
      expect((await api.request(bob, 'PATCH', `/api/alarms/${alarm.id}/read`)).status).toBe(404)
      expect((await api.request(alice, 'PATCH', `/api/alarms/${alarm.id}/read`)).status).toBe(204)
      expect(await api.countAs(alice)).toBe(0)
    } finally {
      stream.close()
    }
  })

  it.each(PROTECTED_ROUTES)('answers 401 JSON to %s %s without a session, with an unknown one, and to a token', async (method, path) => {
    const shapes: Array<Record<string, string>> = [{}, { Cookie: 'SESSION=made-up' }, { Cookie: 'XSRF-TOKEN=x' }, { Authorization: 'Bearer a.b' }]
    for (const headers of shapes) {
      const response = await call(server.url, method, path, { headers })
      expect(response.status, JSON.stringify(headers)).toBe(401)
      expect(response.json()).toEqual({ error: { status: 401, message: expect.any(String) } })
    }
  })

  it('ends the session at logout: both cookies cleared, the same session id refused when replayed', async () => {
    const who = await api.signIn(13, 'cookie')
    expect(await api.countAs(who)).toBe(0)
    const { status, setCookies } = await api.logout(who)
    expect(status).toBe(204)
    expect(setCookies).toEqual(['SESSION=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax', 'XSRF-TOKEN=; Path=/; Max-Age=0'])
    const replayed = await api.request(who, 'GET', '/api/alarms/count')
    expect(replayed.status).toBe(401)
    expect(((await replayed.json()) as { error: { status: number } }).error.status).toBe(401)
    expect((await call(server.url, 'GET', '/api/subscribe', { headers: who.headers })).status).toBe(401)
    // Logging out again, or without any session, is still a quiet 204.
    expect((await api.logout(who)).status).toBe(204)
    expect((await call(server.url, 'POST', '/api/auth/logout')).status).toBe(204)
  })

  it('has no token refresh route', async () => {
    expect((await call(server.url, 'POST', '/api/auth/refresh', { body: '{"refreshToken":"x"}' })).status).toBe(404)
  })

  it('ends every session with the expireTokens fault, while a new login works', async () => {
    const before = await api.signIn(14, 'cookie')
    await api.fault({ type: 'expireTokens' })
    expect((await api.request(before, 'GET', '/api/alarms/count')).status).toBe(401)
    expect(await api.countAs(await api.signIn(14, 'cookie'))).toBe(0)
  })

  it('logs `cookie` and whether an X-XSRF-TOKEN came, never the session id or the XSRF value', async () => {
    const who = await api.signIn(15, 'cookie')
    await api.resetStats()
    await api.countAs(who)
    await api.request(who, 'PATCH', '/api/alarms/read-all')
    await api.logout(who)
    const { requestLog } = await api.stats()
    expect(requestLog.map((entry) => [entry.method, entry.auth, entry.xsrf, entry.userId, entry.status])).toEqual([
      ['GET', 'cookie', false, 15, 200],
      ['PATCH', 'cookie', true, 15, 204],
      ['POST', 'cookie', true, 15, 204],
    ])
    const logged = JSON.stringify(requestLog)
    expect(logged).not.toContain(cookiePairs([who.cookie!.split('; ')[0]!]).get('SESSION'))
    expect(logged).not.toContain(who.xsrfToken)
  })
})

describe('cookie sessions expire after --token-ttl-ms', () => {
  it('answers 401 JSON once the session has lived its lifetime', async () => {
    const server = await startTestApi({ auth: 'cookie', tokenTtlMs: 300 })
    try {
      const api = createTestApiClient(server.url)
      const who = await api.signIn(1, 'cookie')
      expect(await api.countAs(who)).toBe(0)
      await sleep(350)
      const expired = await api.request(who, 'GET', '/api/alarms/count')
      expect(expired.status).toBe(401)
      expect(await expired.json()).toEqual({ error: { status: 401, message: 'session ended or expired' } })
    } finally {
      await server.close()
    }
  })
})

describe('--csrf with cookie auth', () => {
  let server: TestServer
  let api: TestApiClient
  let who: SignedIn

  beforeAll(async () => {
    server = await startTestApi({ auth: 'cookie', csrf: true })
    api = createTestApiClient(server.url)
    // Login itself needs no XSRF header: there is no cookie to echo yet.
    who = await api.signIn(1, 'cookie')
  })
  afterAll(() => server.close())

  it('refuses POST, PATCH and DELETE with 403 JSON unless X-XSRF-TOKEN equals the XSRF-TOKEN cookie', async () => {
    const alarm = await api.publish(1, { content: 'guarded' })
    const unsafe: Array<[string, string, number]> = [
      ['PATCH', `/api/alarms/${alarm.id}/read`, 204],
      ['PATCH', `/api/alarms/${alarm.id}/unread`, 204],
      ['PATCH', '/api/alarms/read-all', 204],
      ['DELETE', `/api/alarms/${alarm.id}`, 204],
    ]
    for (const [method, path, allowed] of unsafe) {
      for (const xsrf of [undefined, 'wrong', '']) {
        const headers: Record<string, string> = { ...who.headers }
        if (xsrf !== undefined) headers['X-XSRF-TOKEN'] = xsrf
        const refused = await call(server.url, method, path, { headers })
        expect(refused.status, `${method} ${path} ${xsrf}`).toBe(403)
        expect(refused.json()).toEqual({ error: { status: 403, message: expect.any(String) } })
      }
      expect((await api.request(who, method, path)).status, `${method} ${path}`).toBe(allowed)
    }
  })

  it('refuses a matching pair when the cookie is missing, and leaves GET alone', async () => {
    const headers = { Cookie: who.cookie!.split('; ')[0]!, 'X-XSRF-TOKEN': who.xsrfToken! }
    expect((await call(server.url, 'PATCH', '/api/alarms/read-all', { headers })).status).toBe(403)
    expect((await call(server.url, 'GET', '/api/alarms/count', { headers: who.headers })).status).toBe(200)
  })

  it('checks the token before the session, as Spring\u2019s CsrfFilter does: 403 even when signed out', async () => {
    expect((await call(server.url, 'PATCH', '/api/alarms/read-all')).status).toBe(403)
  })

  it('guards logout too: without the header the session survives', async () => {
    const other = await api.signIn(2, 'cookie')
    expect((await call(server.url, 'POST', '/api/auth/logout', { headers: other.headers })).status).toBe(403)
    expect(await api.countAs(other)).toBe(0)
    expect((await api.logout(other)).status).toBe(204)
    expect((await api.request(other, 'GET', '/api/alarms/count')).status).toBe(401)
  })

  it('does nothing in a token mode', async () => {
    const bearer = await startTestApi({ csrf: true })
    try {
      const bearerApi = createTestApiClient(bearer.url)
      const { accessToken } = await bearerApi.login(1)
      expect((await call(bearer.url, 'PATCH', '/api/alarms/read-all', { token: accessToken })).status).toBe(204)
    } finally {
      await bearer.close()
    }
  })
})
