import { watch } from 'vue'
import axios from 'axios'
import { describe, expect, test, vi } from 'vitest'
import type { CreateAlarmsOptions } from '../../src/plugin'
import { until, type MountedAlarms } from './mount-alarms'
import { recordLoads, refreshesAllowed } from './refresh-rules'
import { useFailingServer, useStoreTestEnv } from './store-env'

const env = useStoreTestEnv()
const failing = useFailingServer()
/** Fast reconnects so fault recovery fits in a short test. */
const fastRetry = { retry: { minMs: 20, initialMs: 50, maxMs: 300 } }

async function signedIn(userId: number, options: Partial<CreateAlarmsOptions> = {}) {
  const session = { ...(await env.client.login(userId)) }
  const refreshCalls = vi.fn()
  const entry = env.mount({
    baseURL: `${env.server.url}/api`,
    getToken: () => session.accessToken,
    refreshToken: async () => {
      refreshCalls()
      Object.assign(session, await env.client.refresh(session.refreshToken))
    },
    stream: fastRetry,
    ...options,
  })
  return { ...entry, session, refreshCalls }
}

/** Open, and the reconcile after opening has answered. */
async function ready(store: MountedAlarms['store']) {
  await until(() => store.status === 'open', 'the stream to open')
  await until(() => !store.loading, 'the reconcile to finish')
}

const openStreams = async (userId: number) => (await env.client.stats()).openStreams[String(userId)] ?? 0
const requests = async (route: string) => (await env.client.stats()).requests[route] ?? 0
const uniqueIds = (items: { id: unknown }[]) => new Set(items.map((item) => String(item.id))).size

describe('the alarms store against the test API', () => {
  test('the handshake is never counted as an alarm, and the last event id is tracked', async () => {
    const { store } = await signedIn(101)
    await ready(store)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(store.unreadCount).toBe(0)
    expect(store.items).toEqual([])
    expect(store.hasNewAlarms).toBe(false)
    expect(store.lastEventId).toMatch(/^101_\d+$/)
  })

  test('a burst of 200 alarms: exact unread count, unique items, at most 2 list and 2 count requests', async () => {
    const onNewAlarm = vi.fn()
    const { store } = await signedIn(102, { onNewAlarm })
    await ready(store)
    const loads = recordLoads(store)
    onNewAlarm.mockImplementation(loads.noteAlarm)
    await env.client.resetStats()
    const startedAt = performance.now()
    await env.client.publishMany(102, { content: 'burst', count: 200 })
    await until(() => store.items.length === 200 && store.unreadCount === 200, 'all 200 alarms')
    const arrivedMs = Math.round(performance.now() - startedAt)
    // The coalesced refresh comes once the stream is quiet; once it has landed nothing can trigger another.
    await until(() => loads.settled(), 'the refresh after the burst')
    loads.stop()
    const allowed = Math.max(2, refreshesAllowed(loads.arrivals))
    expect(store.unreadCount).toBe(200)
    expect(store.items).toHaveLength(200)
    expect(uniqueIds(store.items)).toBe(200)
    expect(store.hasNewAlarms).toBe(true)
    expect(onNewAlarm).toHaveBeenCalledTimes(200)
    const stats = await env.client.stats()
    const lists = stats.requests['GET /api/alarms'] ?? 0
    const counts = stats.requests['GET /api/alarms/count'] ?? 0
    expect(lists).toBeGreaterThanOrEqual(1)
    expect(lists).toBeLessThanOrEqual(allowed)
    expect(counts).toBeGreaterThanOrEqual(1)
    expect(counts).toBeLessThanOrEqual(allowed)
    console.info(`burst of 200: in the store after ${arrivedMs} ms; ${lists} list + ${counts} count requests`)
  })

  test('a burst far larger than a page keeps every alarm, newest first, when a refresh lands mid-burst', async () => {
    const { store } = await signedIn(110, { refreshDebounceMs: 0 })
    await ready(store)
    const published = await env.client.publishMany(110, { content: 'big burst', count: 3000 })
    await until(() => store.items.length === 3000, 'all 3000 alarms', 20_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await until(() => !store.loading, 'the last refresh')
    expect(store.items).toHaveLength(3000)
    expect(uniqueIds(store.items)).toBe(3000)
    expect(store.unreadCount).toBe(3000)
    expect(store.items.map((item) => String(item.id))).toEqual(published.map((alarm) => String(alarm.id)).reverse())
  })

  test('an alarm re-sent by the server is stored once', async () => {
    const seen: string[] = []
    const { store } = await signedIn(103, {
      // Called for every stream event with data: proves the duplicate did reach the env.client.
      isHandshake: (data) => {
        seen.push(data)
        return data.startsWith('EventStream Created')
      },
    })
    await ready(store)
    await env.client.fault({ type: 'resend', count: 1 })
    await env.client.fault({ type: 'drop' })
    await until(async () => store.status === 'open' && (await openStreams(103)) === 1, 'the reconnect')
    await ready(store)
    const alarm = await env.client.publish(103, { content: 'sent twice' })
    await until(() => seen.filter((data) => data.includes('sent twice')).length === 2, 'the re-sent copy')
    await until(() => !store.loading, 'the refresh')
    expect(store.items.filter((item) => String(item.id) === String(alarm.id))).toHaveLength(1)
    expect(store.unreadCount).toBe(1)
  })

  test('token expiry mid-stream: refresh once, resume, nothing lost', async () => {
    const { store: live, session, refreshCalls } = await signedIn(104)
    await ready(live)
    await env.client.publish(104, { content: 'before expiry' })
    await until(() => live.items.length === 1, 'the first alarm')
    // Run the refresh that alarm scheduled now, so no REST call races the expiry below.
    await live.refresh()
    const tokenBefore = session.accessToken
    await env.client.fault({ type: 'expireTokens' })
    await env.client.fault({ type: 'drop' })
    await env.client.publish(104, { content: 'while reconnecting' })
    await until(() => live.items.some((item) => item.content === 'while reconnecting'), 'the alarm sent during the outage')
    await until(() => !live.loading && live.status === 'open', 'the resumed stream')
    expect(refreshCalls).toHaveBeenCalledTimes(1)
    expect(session.accessToken).not.toBe(tokenBefore)
    expect(live.items.map((item) => item.content)).toEqual(['while reconnecting', 'before expiry'])
    expect(live.unreadCount).toBe(2)
    expect(await openStreams(104)).toBe(1)
    // REST after the refresh works with the new token too.
    await live.markRead(live.items[0]!.id)
    expect(live.error).toBeNull()
    expect(await env.client.count(session.accessToken)).toBe(1)
  })

  test('a REST 401 that cannot be refreshed: unauthorized, stream closed, onUnauthorized called once', async () => {
    const onUnauthorized = vi.fn()
    const { store } = await signedIn(105, { refreshToken: async () => false, onUnauthorized })
    await ready(store)
    await env.client.fault({ type: 'expireTokens' })
    await store.refresh()
    expect(store.status).toBe('unauthorized')
    expect(store.error).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    await until(async () => (await openStreams(105)) === 0, 'the stream to close')
  })

  test('markRead, markAllRead and remove are optimistic and reach the server', async () => {
    const { store, session } = await signedIn(106)
    await env.client.publishMany(106, { content: 'item', count: 3 })
    await ready(store)
    await until(() => store.items.length === 3, 'the reconcile')
    const [first, second] = store.items
    const reading = store.markRead(first!.id)
    expect(store.items[0]!.isRead).toBe(true)
    expect(store.unreadCount).toBe(2)
    await reading
    const removing = store.remove(second!.id)
    expect(store.items).toHaveLength(2)
    expect(store.unreadCount).toBe(1)
    await removing
    await store.markAllRead()
    expect(store.unreadCount).toBe(0)
    expect(store.error).toBeNull()
    expect(await env.client.count(session.accessToken)).toBe(0)
    expect((await env.client.listAlarms(session.accessToken)).total).toBe(2)
  })

  test('a failed mutation (HTTP 500) is rolled back with a typed error', async () => {
    const failingEndpoints = {
      read: (id: string | number) => `${failing.url}/alarms/${id}/read`,
      readAll: `${failing.url}/alarms/read-all`,
      remove: (id: string | number) => `${failing.url}/alarms/${id}`,
    }
    const { store, session } = await signedIn(107, { endpoints: failingEndpoints })
    await env.client.publishMany(107, { content: 'item', count: 3 })
    await ready(store)
    await until(() => store.items.length === 3, 'the reconcile')
    const before = store.items
    const target = before[1]!

    const reading = store.markRead(target.id)
    expect(store.items[1]!.isRead).toBe(true)
    expect(store.unreadCount).toBe(2)
    await reading
    expect(store.items[1]!.isRead).toBe(false)
    expect(store.unreadCount).toBe(3)
    expect(store.error).toMatchObject({ code: 'http', status: 500 })

    await store.markAllRead()
    expect(store.items.every((item) => !item.isRead)).toBe(true)
    expect(store.unreadCount).toBe(3)

    const removing = store.remove(target.id)
    expect(store.items).toHaveLength(2)
    await removing
    expect(store.items.map((item) => item.id)).toEqual(before.map((item) => item.id))
    expect(store.unreadCount).toBe(3)
    expect(await env.client.count(session.accessToken)).toBe(3)
  })

  test('a bring-your-own axios instance keeps its interceptors', async () => {
    const instance = axios.create({ baseURL: `${env.server.url}/api` })
    const seen: string[] = []
    instance.interceptors.request.use((config) => {
      seen.push(`${config.method} ${config.url}`)
      return config
    })
    const { store } = await signedIn(108, { axios: instance, baseURL: undefined })
    await ready(store)
    expect(seen).toEqual(expect.arrayContaining(['get /alarms', 'get /alarms/count']))
  })

  test('a refresh that a mutation overtook is run again, so changes made elsewhere still arrive', async () => {
    const instance = axios.create({ baseURL: `${env.server.url}/api` })
    let slowList = false
    instance.interceptors.request.use(async (config) => {
      if (slowList && config.method === 'get' && config.url === '/alarms') await new Promise((resolve) => setTimeout(resolve, 300))
      return config
    })
    const { store, session } = await signedIn(113, { axios: instance, baseURL: undefined })
    await env.client.publishMany(113, { content: 'item', count: 2 })
    await ready(store)
    await until(() => store.items.length === 2 && store.unreadCount === 2, 'both alarms')
    const [elsewhere, here] = store.items
    // Read on another device: only a refresh can tell this store.
    await axios.patch(`${env.server.url}/api/alarms/${elsewhere!.id}/read`, null, {
      headers: { Authorization: `Bearer ${session.accessToken}` },
    })
    slowList = true
    const refreshing = store.refresh()
    // Starts after the refresh and lands before its slow list answer: that answer may predate the read.
    await store.markRead(here!.id)
    await refreshing
    slowList = false
    await until(() => store.unreadCount === 0, 'the refresh run again after the mutation')
    expect(store.items.every((item) => item.isRead)).toBe(true)
    expect(store.error).toBeNull()
  })

  test('loadMore pages through older alarms without duplicates', async () => {
    await env.client.publishMany(109, { content: 'old', count: 45 })
    const { store } = await signedIn(109, { pageSize: 20 })
    await ready(store)
    expect(store.items).toHaveLength(20)
    expect(store.hasMore).toBe(true)
    await store.loadMore()
    expect(store.items).toHaveLength(40)
    await env.client.publish(109, { content: 'new' })
    await until(() => store.items.length === 41, 'the pushed alarm')
    await store.loadMore()
    expect(store.items).toHaveLength(46)
    expect(uniqueIds(store.items)).toBe(46)
    expect(store.hasMore).toBe(false)
    expect(store.unreadCount).toBe(46)
  })

  test('$dispose leaves zero open streams and makes no further requests', async () => {
    const { store } = await signedIn(110)
    await ready(store)
    await until(async () => (await openStreams(110)) === 1, 'the server to count the stream')
    await env.client.publish(110, { content: 'schedules a refresh' })
    store.$dispose()
    await until(async () => (await openStreams(110)) === 0, 'the stream to close')
    await env.client.resetStats()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const stats = await env.client.stats()
    expect(stats.totalOpenStreams).toBe(0)
    expect(Object.values(stats.requests).reduce((sum, n) => sum + n, 0)).toBe(0)
  })

  test('signing out (the token gone) closes the stream at the next reconnect instead of knocking without a token', async () => {
    const { store, session } = await signedIn(112)
    await ready(store)
    Object.assign(session, { accessToken: '' })
    await env.client.fault({ type: 'drop' })
    await until(() => store.status === 'idle', 'the store to go idle')
    await env.client.resetStats()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await openStreams(112)).toBe(0)
    expect(await requests('GET /api/subscribe')).toBe(0)
  })

  test('signing out (no token) and disconnecting forgets the user\'s alarms', async () => {
    const { store, session } = await signedIn(140)
    await ready(store)
    await env.client.publish(140, { content: 'for 140 only' })
    await until(() => store.items.length === 1, 'the alarm')
    Object.assign(session, { accessToken: '' })
    store.disconnect()
    await until(() => store.items.length === 0, 'the list to be forgotten')
    expect(store.unreadCount).toBe(0)
    expect(store.lastEventId).toBe('')
    expect(store.status).toBe('idle')
  })

  test('with opaque tokens (no user key) a new connect starts from an empty list, so no user sees another\'s alarms', async () => {
    const alice = { ...(await env.client.login(141)) }
    const bob = await env.client.login(142)
    let token = alice.accessToken
    const { store } = await signedIn(141, { getToken: () => token, userKey: () => null })
    await ready(store)
    await env.client.publish(141, { content: 'for Alice' })
    await until(() => store.items.length === 1, 'Alice\'s alarm')
    store.disconnect()
    token = bob.accessToken
    // What the list holds the moment Bob's stream opens, before the reconcile could correct it.
    const listedAtOpen: string[][] = []
    const stop = watch(
      () => store.status,
      (status) => {
        if (status === 'open') listedAtOpen.push(store.items.map((item) => item.content))
      },
      { flush: 'sync' },
    )
    store.connect()
    await ready(store)
    stop()
    expect(listedAtOpen).toEqual([[]])
    expect(store.items.map((item) => item.content)).toEqual([])
    await env.client.publish(142, { content: 'for Bob' })
    await until(() => store.items.length === 1, 'Bob\'s alarm')
    expect(store.items.map((item) => item.content)).toEqual(['for Bob'])
  })

  test('disconnect() closes the stream and connect() resumes with the last event id', async () => {
    const { store } = await signedIn(111)
    await ready(store)
    // In Node there are no Web Locks: the store runs its own stream, so it is the one holding it.
    expect(store.holdsStream).toBe(true)
    store.disconnect()
    expect(store.status).toBe('idle')
    expect(store.holdsStream).toBe(false)
    await until(async () => (await openStreams(111)) === 0, 'the stream to close')
    await env.client.publish(111, { content: 'while disconnected' })
    await env.client.resetStats()
    store.connect()
    await until(() => store.items.some((item) => item.content === 'while disconnected'), 'the missed alarm')
    const subscribe = (await env.client.stats()).requestLog.find((entry) => entry.method === 'GET' && entry.path.startsWith('/api/subscribe'))
    expect(subscribe?.lastEventId).toMatch(/^111_/)
    expect(store.unreadCount).toBe(1)
  })
})
