// The store as a thin adapter over the client, with no server: fake streams and an in-memory REST backend, fake
// timers (nothing waits on a clock). The HTTP-backed behaviour is proven in the *.integration tests beside this one.
import { createPinia, setActivePinia } from 'pinia'
import { createApp, nextTick, shallowRef } from 'vue'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import { ALARMS_OPTIONS_KEY, type CreateAlarmsOptions } from '../../src/options'
import { resolveAlarmsOptions } from '../../src/resolve-options'
import { useAlarmsStore } from '../../src/store/alarms'
import { createFakeApi, createFakeStreams, fakeAlarm } from '../helpers/fake-transport'

/** Runs every timer and the promises they start, until nothing is left. */
const settle = () => vi.runAllTimersAsync()

let stores: ReturnType<typeof useAlarmsStore>[] = []

/** The real store in a real app, its options resolved as the plugin does, over fake transports. */
function mountStore(options: CreateAlarmsOptions = {}, alarms: Alarm[] = []) {
  const streams = createFakeStreams()
  const backend = createFakeApi(alarms)
  const resolved = resolveAlarmsOptions({ ssr: false, sharedConnection: false, reconcileJitterMs: 0, ...options })
  const app = createApp({ render: () => null })
  const pinia = createPinia()
  app.use(pinia).provide(ALARMS_OPTIONS_KEY, { ...resolved, api: backend.api, openStream: streams.open })
  const store = app.runWithContext(() => useAlarmsStore(pinia))
  stores.push(store)
  return { store, streams, backend }
}

/** Signed in as `token-a`, the stream open and the first page loaded. */
async function signedIn(alarms: Alarm[] = [], options: CreateAlarmsOptions = {}) {
  const mounted = mountStore({ getToken: () => 'token-a', ...options }, alarms)
  mounted.streams.last.status('open')
  await settle()
  return mounted
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  for (const store of stores) store.$dispose()
  stores = []
  vi.useRealTimers()
})

describe('useAlarmsStore over the client', () => {
  test('throws a clear error when the plugin is not installed', () => {
    setActivePinia(createPinia())
    const app = createApp({ render: () => null })
    app.use(createPinia())
    expect(() => app.runWithContext(() => useAlarmsStore())).toThrow('install the plugin first')
  })

  test('starts empty with every piece of state exposed', () => {
    const { store } = mountStore({ autoConnect: false })
    expect(store.items).toEqual([])
    expect(store.unreadCount).toBe(0)
    expect(store.hasNewAlarms).toBe(false)
    expect(store.status).toBe('idle')
    expect(store.error).toBeNull()
    expect(store.lastEventId).toBe('')
    expect(store.loading).toBe(false)
    expect(store.hasMore).toBe(false)
    expect(store.holdsStream).toBe(false)
    expect(store.user).toBeNull()
    expect(Object.keys(store.$state).sort()).toEqual(
      ['error', 'hasMore', 'hasNewAlarms', 'holdsStream', 'items', 'lastEventId', 'loading', 'status', 'totalCount', 'unreadCount', 'unreadFilterSupported', 'user'].sort(),
    )
  })

  test('opens nothing when rendering on the server (the same options in a browser open one stream)', async () => {
    const getToken = vi.fn(() => 'token-a')
    const server = mountStore({ getToken, ssr: true })
    server.store.connect()
    await settle()
    expect(server.store.status).toBe('idle')
    expect(getToken).not.toHaveBeenCalled()
    expect(server.streams.opened).toHaveLength(0)

    const browser = mountStore({ getToken })
    await settle()
    expect(browser.streams.opened).toHaveLength(1)
    expect(await browser.streams.last.token).toBe('token-a')
  })

  test('signed out (no token): no stream, idle', async () => {
    const { store, streams } = mountStore({ getToken: async () => null })
    await settle()
    expect(store.status).toBe('idle')
    expect(streams.opened).toHaveLength(0)
  })

  test("copies the client's state: the first page, then a streamed alarm lights hasNewAlarms until acknowledge()", async () => {
    const { store, streams, backend } = await signedIn([fakeAlarm(1), fakeAlarm(2, { isRead: true })])
    expect(store.status).toBe('open')
    expect(store.items.map((alarm) => alarm.id)).toEqual([2, 1])
    expect(store.unreadCount).toBe(1)
    expect(store.hasNewAlarms).toBe(false)
    expect(store.unreadItems.map((alarm) => alarm.id)).toEqual([1])

    backend.held.push(fakeAlarm(3))
    streams.last.push(fakeAlarm(3))
    await settle()
    expect(store.items.map((alarm) => alarm.id)).toEqual([3, 2, 1])
    expect(store.unreadCount).toBe(2)
    expect(store.hasNewAlarms).toBe(true)
    expect(store.lastEventId).toBe('e3')

    store.acknowledge()
    expect(store.hasNewAlarms).toBe(false)
  })

  test('actions are the client’s: markRead shows at once and reaches the backend; a failure rolls back and sets error', async () => {
    const { store, backend } = await signedIn([fakeAlarm(1), fakeAlarm(2)])
    const reading = store.markRead(2)
    expect(store.items.find((alarm) => alarm.id === 2)?.isRead).toBe(true)
    expect(store.unreadCount).toBe(1)
    await reading
    expect(backend.held.find((alarm) => alarm.id === 2)?.isRead).toBe(true)

    backend.failMutations(true)
    await store.markRead(1)
    expect(store.items.find((alarm) => alarm.id === 1)?.isRead).toBe(false)
    expect(store.unreadCount).toBe(1)
    expect(store.error?.message).toContain('markRead(1)')
    // What the server holds is unknown after a failure: the store asks it again, and a good answer clears the error.
    await settle()
    expect(store.error).toBeNull()
    expect(store.items.find((alarm) => alarm.id === 1)?.isRead).toBe(false)
  })

  test('a value set with $patch stays until the client changes that key', async () => {
    const { store, streams, backend } = await signedIn([fakeAlarm(1)])
    store.$patch({ hasNewAlarms: true })
    // The client changes other keys (a refresh: loading, items): the patched key stays.
    await store.refresh()
    expect(store.hasNewAlarms).toBe(true)
    store.acknowledge()
    backend.held.push(fakeAlarm(2))
    streams.last.push(fakeAlarm(2))
    await settle()
    expect(store.hasNewAlarms).toBe(true)
  })

  test('follows reactive sign-in and sign-out: sign-out closes the stream and empties what the store shows', async () => {
    const token = shallowRef<string | null>(null)
    const { store, streams } = mountStore({ getToken: () => token.value, userKey: (value) => value }, [fakeAlarm(1)])
    await settle()
    expect(streams.opened).toHaveLength(0)

    token.value = 'a'
    await nextTick()
    await settle()
    expect(streams.opened).toHaveLength(1)
    expect(store.user).toBe('a')
    streams.last.status('open')
    await settle()
    expect(store.items.map((alarm) => alarm.id)).toEqual([1])

    token.value = null
    await nextTick()
    expect(streams.last.closed).toBe(true)
    expect(store.items).toEqual([])
    expect(store.unreadCount).toBe(0)
    expect(store.user).toBeNull()
    expect(store.status).toBe('idle')
  })

  test('tells subscribeSessionEnd listeners on sign-out, a change of user and unauthorized, never on the first sign-in', async () => {
    const token = shallowRef<string | null>(null)
    const { store, streams } = mountStore({ getToken: () => token.value, userKey: (value) => value.split('.')[0] ?? null })
    const ended = vi.fn()
    const stop = store.subscribeSessionEnd(ended)
    token.value = 'a.1'
    await nextTick()
    token.value = 'a.2'
    await nextTick()
    expect(ended).not.toHaveBeenCalled()
    token.value = 'b.1'
    await nextTick()
    expect(ended).toHaveBeenCalledTimes(1)
    token.value = null
    await nextTick()
    expect(ended).toHaveBeenCalledTimes(2)
    token.value = 'c.1'
    await nextTick()
    await settle()
    expect(ended).toHaveBeenCalledTimes(2)
    // The server refuses the token and nothing renews it; the app keeps its token: the session is over all the same.
    streams.last.status('unauthorized', {})
    await settle()
    expect(store.status).toBe('unauthorized')
    expect(ended).toHaveBeenCalledTimes(3)
    stop()
    token.value = null
    await nextTick()
    expect(ended).toHaveBeenCalledTimes(3)
  })
})
