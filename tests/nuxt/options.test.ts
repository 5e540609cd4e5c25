import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { resolveAlarmsOptions } from '../../src/plugin'
import { moduleDefaults, optionsFromRuntimeConfig, toPublicRuntimeConfig, withAppContext } from '../../src/nuxt/options'
import { serverAxiosPlugin } from '../../src/nuxt/server-axios'

describe('the module defaults', () => {
  it('spell out the same defaults as createAlarms, so runtime config holds every key an env variable can override', () => {
    const library = resolveAlarmsOptions({ getToken: () => null })
    const config = toPublicRuntimeConfig(moduleDefaults())

    expect(config.baseURL).toBe(library.baseURL)
    expect(config.eventNames).toEqual(library.eventNames)
    expect(config.pageSize).toBe(library.pageSize)
    expect(config.firstPage).toBe(library.firstPage)
    expect(config.sharedConnection).toBe(library.sharedConnection)
    expect(config.refreshDebounceMs).toBe(library.refreshDebounceMs)
    expect(config.refreshMaxWaitMs).toBe(library.refreshMaxWaitMs)
    expect(config.reconcileJitterMs).toBe(library.reconcileJitterMs)
    expect(config.credentials).toBe(library.credentials)
    expect(config.maxItems).toBe(library.maxItems)
    expect(config.autoConnect).toBe(library.autoConnect)
    expect(config.endpoints).toEqual({
      subscribe: library.endpoints.subscribe,
      list: library.endpoints.list,
      count: library.endpoints.count,
      readAll: library.endpoints.readAll,
    })
  })

  it('leave eventNames out, because Nuxt would add the default names to a list given in nuxt.config', () => {
    expect(moduleDefaults()).not.toHaveProperty('eventNames')
  })
})

describe('toPublicRuntimeConfig', () => {
  it('keeps the build-only css switch out of runtime config', () => {
    expect(toPublicRuntimeConfig({ ...moduleDefaults(), css: false })).not.toHaveProperty('css')
  })

  it('completes partial endpoints and a missing event list with the defaults, and keeps the ones given', () => {
    const config = toPublicRuntimeConfig({ ...moduleDefaults(), endpoints: { subscribe: '/sse' }, eventNames: ['notification'] })

    expect(config.endpoints).toEqual({ subscribe: '/sse', list: '/alarms', count: '/alarms/count', readAll: '/alarms/read-all' })
    expect(config.eventNames).toEqual(['notification'])
  })

  it('copies the event list, so changing the runtime config leaves the module options alone', () => {
    const options = { ...moduleDefaults(), eventNames: ['sse'] }
    toPublicRuntimeConfig(options).eventNames.push('other')
    expect(options.eventNames).toEqual(['sse'])
  })
})

describe('optionsFromRuntimeConfig', () => {
  it('hands the alarms:config listeners a copy they may change without touching runtime config', () => {
    const config = toPublicRuntimeConfig(moduleDefaults())
    const options = optionsFromRuntimeConfig(config)
    options.eventNames!.push('notification')
    options.endpoints!.subscribe = '/sse'

    expect(config.eventNames).toEqual(['sse', 'message'])
    expect(config.endpoints.subscribe).toBe('/subscribe')
    expect(options.pageSize).toBe(20)
  })
})

describe('withAppContext', () => {
  it('runs every function option inside the runner, with its arguments and its result', () => {
    const inContext: string[] = []
    const run = <T>(callback: () => T): T => {
      inContext.push('enter')
      return callback()
    }
    const parsePage = (body: unknown) => ({ items: (body as { data: unknown[] }).data, total: 0 })
    const options = withAppContext({ getToken: () => 'token-1', userKey: (token: string) => `user of ${token}`, parsePage, pageSize: 5 }, run)

    expect(options.getToken()).toBe('token-1')
    expect(options.userKey('token-2')).toBe('user of token-2')
    expect(options.parsePage({ data: [] })).toEqual({ items: [], total: 0 })
    expect(inContext).toEqual(['enter', 'enter', 'enter'])
    expect(options.pageSize).toBe(5)
  })

  it('leaves an axios instance as it is, although an axios instance is callable too', () => {
    const instance = axios.create()
    let runs = 0
    const run = <T>(callback: () => T): T => {
      runs += 1
      return callback()
    }
    const options = withAppContext({ axios: instance, onUnauthorized: () => {} }, run)

    expect(options.axios).toBe(instance)
    options.onUnauthorized()
    expect(runs).toBe(1)
  })
})

describe('serverAxiosPlugin', () => {
  const plugin = serverAxiosPlugin('/app/node_modules/vue-sse-alarms/dist', '/app/node_modules/axios/package.json')
  const resolveId = plugin.resolveId as (id: string, importer?: string) => string | null

  it("gives the library's axios import the self-contained browser build", () => {
    expect(resolveId('axios', '/app/node_modules/vue-sse-alarms/dist/alarms-abc.js')).toBe('/app/node_modules/axios/dist/esm/axios.js')
  })

  it("leaves the app's own axios imports and every other import alone", () => {
    expect(resolveId('axios', '/app/server/api/users.ts')).toBeNull()
    expect(resolveId('pinia', '/app/node_modules/vue-sse-alarms/dist/alarms-abc.js')).toBeNull()
    expect(resolveId('axios')).toBeNull()
  })
})
