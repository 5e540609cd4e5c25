import axios from 'axios'
import { createPinia } from 'pinia'
import { createApp, inject } from 'vue'
import { describe, expect, test, vi } from 'vitest'
import { ALARMS_OPTIONS_KEY, createAlarms, resolveAlarmsOptions, type CreateAlarmsOptions } from '../src/plugin'
import { mountAlarms, until } from './store/mount-alarms'
import { testApiPerSuite } from './helpers/test-api-per-suite'

const getToken = () => 'token'

function installError(options: unknown): string {
  try {
    createAlarms(options as CreateAlarmsOptions)
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as TypeError).message
  }
  throw new Error('expected a TypeError')
}

describe('createAlarms option validation', () => {
  test.each([
    [null, '`options` must be an object'],
    [{ getToken: 'abc' }, '`getToken` must be a function'],
    [{ getToken, refreshToken: true }, '`refreshToken` must be a function'],
    [{ getToken, baseURL: 5 }, '`baseURL` must be a string'],
    [{ getToken, axios: {} }, '`axios` must be an axios instance'],
    [{ getToken, endpoints: { list: '' } }, '`endpoints.list` must be a non-empty string'],
    [{ getToken, endpoints: { read: '/read' } }, '`endpoints.read` must be a function'],
    [{ getToken, endpoints: { unread: '/x' } }, '`endpoints.unread` must be a function'],
    [{ getToken, endpoints: { unknown: '/x' } }, '`endpoints.unknown` must be one of'],
    [{ authHeaders: 'Bearer' }, '`authHeaders` must be a function'],
    [{ credentials: 'all' }, '`credentials` must be one of same-origin, include, omit'],
    [{ userKey: 'me' }, '`userKey` must be a function'],
    [{ refreshMaxWaitMs: -1 }, '`refreshMaxWaitMs` must be a non-negative number'],
    [{ reconcileJitterMs: Number.NaN }, '`reconcileJitterMs` must be a non-negative number'],
    [{ getToken, eventNames: [] }, '`eventNames` must be a non-empty array'],
    [{ getToken, eventNames: ['sse', 3] }, '`eventNames` must be a non-empty array'],
    [{ getToken, pageSize: 0 }, '`pageSize` must be a positive integer'],
    [{ getToken, maxItems: 1.5 }, '`maxItems` must be a positive integer'],
    [{ getToken, refreshDebounceMs: -1 }, '`refreshDebounceMs` must be a non-negative number'],
    [{ getToken, onNewAlarm: 'x' }, '`onNewAlarm` must be a function'],
    [{ getToken, onAlarm: 'x' }, '`onAlarm` must be a function'],
    [{ getToken, sharedConnection: 'yes' }, '`sharedConnection` must be a boolean'],
    [{ getToken, stream: 3 }, '`stream` must be an object'],
    [{ getToken, parsePage: { data: 'items' } }, '`parsePage` must be a function'],
    [{ getToken, parseCount: 'unreadCount' }, '`parseCount` must be a function'],
    [{ getToken, firstPage: 2 }, '`firstPage` must be 0 or 1'],
    [{ getToken, endpoints: null }, '`endpoints` must be an object'],
    [{ getToken, quietHours: { from: '24:00', to: '07:00' } }, '`quietHours.from` must be a time of day'],
    [{ getToken, quietHours: { from: '22:00' } }, '`quietHours.to` must be a time of day'],
  ])('rejects %j with a TypeError naming the option', (options, message) => {
    expect(installError(options)).toContain(message)
  })

  test('a production build keeps the checks: options can come from runtime config', () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      expect(installError({ getToken, pageSize: 0 })).toContain('`pageSize` must be a positive integer')
    } finally {
      vi.unstubAllEnvs()
    }
  })

  test('needs no option at all: a cookie session on /api', () => {
    expect(resolveAlarmsOptions().streamUrl).toBe('/api/subscribe')
    expect(resolveAlarmsOptions({}).getToken).toBeUndefined()
    expect(resolveAlarmsOptions({ credentials: 'include' }).credentials).toBe('include')
  })
})

describe('resolved options', () => {
  test('defaults follow the test API contract', () => {
    const resolved = resolveAlarmsOptions({ getToken })
    expect(resolved.baseURL).toBe('/api')
    expect(resolved.streamUrl).toBe('/api/subscribe')
    expect(resolved.eventNames).toEqual(['sse', 'message'])
    expect(resolved.pageSize).toBe(20)
    expect(resolved.maxItems).toBe(10_000)
    expect(resolved.sharedConnection).toBe(true)
    expect(resolved.endpoints.read(7)).toBe('/alarms/7/read')
    expect(resolved.endpoints.remove('a/b')).toBe('/alarms/a%2Fb')
    expect(resolved.isHandshake('EventStream Created. [userId=1]')).toBe(true)
  })

  test('treats plain Node (no window, no self) as server rendering unless told otherwise', () => {
    expect(resolveAlarmsOptions({ getToken }).ssr).toBe(true)
    expect(resolveAlarmsOptions({ getToken, ssr: false }).ssr).toBe(false)
  })

  test('takes the base URL of a given axios instance', () => {
    const instance = axios.create({ baseURL: 'https://api.example.test/v1' })
    const resolved = resolveAlarmsOptions({ getToken, axios: instance, endpoints: { subscribe: '/sse' } })
    expect(resolved.streamUrl).toBe('https://api.example.test/v1/sse')
    expect(resolved.axios).toBe(instance)
  })

  test('provides the resolved options under ALARMS_OPTIONS_KEY', () => {
    const app = createApp({ render: () => null })
    app.use(createPinia()).use(createAlarms({ getToken, pageSize: 5 }))
    expect(app.runWithContext(() => inject(ALARMS_OPTIONS_KEY)?.pageSize)).toBe(5)
  })
})

describe('the plugin in an app', () => {
  const { api: client, url } = testApiPerSuite()

  test('unmounting the app closes the store\'s stream', async () => {
    const { accessToken } = await client.login(11)
    const mounted = mountAlarms({ baseURL: `${url()}/api`, getToken: () => accessToken })
    try {
      await until(() => mounted.store.status === 'open', 'the stream to open')
      await until(async () => (await client.stats()).openStreams['11'] === 1, 'the server to count the stream')
      mounted.unmount()
      expect(mounted.store.status).toBe('idle')
      await until(async () => !(await client.stats()).openStreams['11'], 'the server to see the stream closed')
    } finally {
      mounted.unmount()
    }
  })
})
