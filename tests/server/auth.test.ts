import { describe, expect, it } from 'vitest'
import { PROTECTED_ROUTES } from './protected-routes'
import { call } from './raw-client'
import { testApiPerSuite } from '../helpers/test-api-per-suite'

describe('test API auth', () => {
  const { api, url } = testApiPerSuite({ tokenTtlMs: 300 })

  it('logs in with a positive integer user id and reports the lifetime in seconds', async () => {
    const pair = await api.login(1)
    expect(pair.accessToken).toMatch(/^[\w-]+\.[\w-]+$/)
    expect(pair.refreshToken).not.toBe(pair.accessToken)
    expect(pair.expiresIn).toBe(1)
    for (const body of ['{"userId":0}', '{"userId":"1"}', '{"userId":1.5}', '{}']) {
      expect((await call(url(), 'POST', '/api/auth/login', { body })).status).toBe(400)
    }
  })

  it.each(PROTECTED_ROUTES)('answers 401 JSON to %s %s without a token, with a bad one and with an expired one', async (method, path) => {
    const missing = await call(url(), method, path)
    expect(missing.status).toBe(401)
    expect(missing.json()).toEqual({ error: { status: 401, message: expect.any(String) } })

    const { accessToken } = await api.login(2)
    const [body, signature] = accessToken.split('.')
    const forged = `${Buffer.from(JSON.stringify({ sub: 1, typ: 'access', iat: Date.now(), exp: Date.now() + 1e9 })).toString('base64url')}.${signature}`
    for (const bad of ['nonsense', `${body}.AAAA`, forged]) {
      expect((await call(url(), method, path, { token: bad })).status).toBe(401)
    }
    await new Promise((resolve) => setTimeout(resolve, 350))
    const expired = await call(url(), method, path, { token: accessToken })
    expect(expired.status).toBe(401)
    expect(expired.text).not.toContain(accessToken)
  })

  it('refreshes into a working access token and rejects bad refresh tokens', async () => {
    const first = await api.login(3)
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect((await call(url(), 'GET', '/api/alarms/count', { token: first.accessToken })).status).toBe(401)
    const second = await api.refresh(first.refreshToken)
    expect(await api.count(second.accessToken)).toBe(0)
    // An access token is not a refresh token.
    for (const refreshToken of [first.accessToken, 'x.y', '']) {
      const response = await call(url(), 'POST', '/api/auth/refresh', { body: JSON.stringify({ refreshToken }) })
      expect(response.status).toBe(401)
    }
  })
})

describe('the expireTokens fault', () => {
  const { api, url } = testApiPerSuite()

  it('expires every access token issued so far, while refresh and new logins work', async () => {
    const before = await api.login(1)
    expect(await api.count(before.accessToken)).toBe(0)
    await api.fault({ type: 'expireTokens' })
    expect((await call(url(), 'GET', '/api/alarms/count', { token: before.accessToken })).status).toBe(401)
    expect((await call(url(), 'GET', '/api/subscribe', { token: before.accessToken })).status).toBe(401)
    const refreshed = await api.refresh(before.refreshToken)
    expect(await api.count(refreshed.accessToken)).toBe(0)
    const fresh = await api.login(1)
    expect(await api.count(fresh.accessToken)).toBe(0)
  })
})
