import { describe, expect, test } from 'vitest'
import { moduleDefaults, toPublicRuntimeConfig } from '../../src/nuxt/options'
import { cookiePathRewrite, upstreamUrl } from '../../src/nuxt/proxy-target'

describe('upstreamUrl', () => {
  test('appends the path after the base, and the query, to the target', () => {
    expect(upstreamUrl('http://localhost:8080/api', '/api', '/api/subscribe')).toBe('http://localhost:8080/api/subscribe')
    expect(upstreamUrl('http://localhost:8080/api/', '/api/', '/api/alarms?page=2&size=20')).toBe('http://localhost:8080/api/alarms?page=2&size=20')
    expect(upstreamUrl('http://backend:8080/v1', '/api', '/api/alarms/7/read')).toBe('http://backend:8080/v1/alarms/7/read')
    expect(upstreamUrl('http://backend:8080/v1', '/api', '/api')).toBe('http://backend:8080/v1')
  })

  test('refuses a path that only starts with the same letters as the base', () => {
    expect(upstreamUrl('http://backend:8080/api', '/api', '/apix/subscribe')).toBeNull()
    expect(upstreamUrl('http://backend:8080/api', '/api', '/other?x=/api/')).toBeNull()
  })
})

describe('cookiePathRewrite', () => {
  test('rescopes cookies from the API path to the path the browser uses, when they differ', () => {
    expect(cookiePathRewrite('http://backend:8080/backend/api', '/api')).toEqual({ '/backend/api': '/api' })
    expect(cookiePathRewrite('http://backend:8080/api', '/api')).toBeUndefined()
    expect(cookiePathRewrite('http://backend:8080', '/api')).toBeUndefined()
  })
})

test('the proxy stays on the server: it never reaches the public runtime config', () => {
  const config = toPublicRuntimeConfig({ ...moduleDefaults(), proxy: { target: 'http://internal:8080/api' } })
  expect(config).not.toHaveProperty('proxy')
  expect(JSON.stringify(config)).not.toContain('internal')
})
