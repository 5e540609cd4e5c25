import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { spawnTestApi } from '../helpers/server-process'
import { API_SHAPES, SHAPE_OPTIONS, serverView, type ApiShape } from '../helpers/shapes'
import { createTestApiClient } from '../helpers/test-api-client'
import { mountAlarms, until } from './mount-alarms'
import { recordLoads, refreshesAllowed } from './refresh-rules'
import { useStoreTestEnv } from './store-env'

const fastRetry = { retry: { minMs: 20, initialMs: 50, maxMs: 300 } }
const ids = (items: readonly { id: unknown }[]) => items.map((item) => String(item.id))

describe.each<ApiShape>([...API_SHAPES])('the store against the test API in the %s shape, with options alone', (shape) => {
  const env = useStoreTestEnv({ shape })
  const requests = async (route: string) => (await env.client.stats()).requests[route] ?? 0
  const openStreams = async (userId: number) => (await env.client.stats()).openStreams[String(userId)] ?? 0

  async function signedIn(userId: number, pageSize = 20) {
    const session = { ...(await env.client.login(userId)) }
    const token = ref<string | null>(session.accessToken)
    const refreshCalls = vi.fn()
    const onNewAlarm = vi.fn()
    const { store } = env.mount({
      baseURL: `${env.server.url}/api`,
      getToken: () => token.value,
      refreshToken: async () => {
        refreshCalls()
        Object.assign(session, await env.client.refresh(session.refreshToken))
        token.value = session.accessToken
      },
      onNewAlarm,
      pageSize,
      stream: fastRetry,
      ...SHAPE_OPTIONS[shape],
    })
    await until(() => store.status === 'open' && !store.loading, 'the first load')
    return { store, session, token, refreshCalls, onNewAlarm }
  }

  test('first load, then loadMore to the end: every alarm once, newest first', async () => {
    const published = await env.client.publishMany(1, { content: 'older', count: 25 })
    const { store } = await signedIn(1, 10)
    expect(ids(store.items)).toEqual(ids(published.slice(-10).reverse()))
    expect(store.unreadCount).toBe(25)
    expect(store.hasMore).toBe(true)
    while (store.hasMore) await store.loadMore()
    expect(ids(store.items)).toEqual(ids([...published].reverse()))
    expect(store.error).toBeNull()
  })

  test('a live alarm arrives once; a 100-alarm burst over 300 ms costs the refreshes the rules promise (one when the machine keeps pace)', async () => {
    const { store, onNewAlarm } = await signedIn(2)
    const loads = recordLoads(store)
    onNewAlarm.mockImplementation(loads.noteAlarm)
    const live = await env.client.publish(2, { content: 'live' })
    await until(() => store.items.length === 1, 'the live alarm')
    expect(onNewAlarm).toHaveBeenCalledTimes(1)
    await until(() => loads.settled(), 'the refresh after it')
    await env.client.resetStats()

    const burst = await env.client.publishMany(2, { content: 'burst', count: 100, intervalMs: 3 })
    await until(() => store.items.length === 101, 'the burst')
        // The refresh waits for 100 ms of quiet after the last alarm; once it has landed nothing can trigger another.
    await until(() => loads.settled(), 'the refresh after the burst')
    loads.stop()
    const allowed = refreshesAllowed(loads.arrivals.slice(1))
    const lists = await requests('GET /api/alarms')
    const counts = await requests('GET /api/alarms/count')
    console.info(`${shape}: 100-alarm burst → ${lists} list + ${counts} count requests`)
    expect(lists).toBeGreaterThanOrEqual(1)
    expect(lists).toBeLessThanOrEqual(allowed)
    expect(counts).toBeLessThanOrEqual(allowed)
    expect(ids(store.items)).toEqual(ids([...burst].reverse().concat(live)))
    expect(store.unreadCount).toBe(101)
    expect(onNewAlarm).toHaveBeenCalledTimes(101)
  })

  test('token refresh on a 401: one refresh, the stream resumes, REST works with the new token', async () => {
    const { store, session, refreshCalls } = await signedIn(3)
    const tokenBefore = session.accessToken
    await env.client.fault({ type: 'expireTokens' })
    await env.client.fault({ type: 'drop' })
    await env.client.publish(3, { content: 'while reconnecting' })
    await until(() => store.items.length === 1 && store.status === 'open' && !store.loading, 'the alarm after the refresh')
    expect(refreshCalls).toHaveBeenCalledTimes(1)
    expect(session.accessToken).not.toBe(tokenBefore)
    await store.refresh()
    expect(store.error).toBeNull()
    expect(await openStreams(3)).toBe(1)
  })

  test('read, unread and remove agree with the server', async () => {
    await env.client.publishMany(4, { content: 'c', count: 3 })
    const { store, session } = await signedIn(4)
    const [newest, middle, oldest] = store.items.map((item) => item.id)
    await store.markRead(newest!)
    await store.markRead(middle!)
    await store.markUnread(middle!)
    await store.remove(oldest!)
    const server = await serverView(env.server.url, shape, session.accessToken)
    expect(server.items.map((item) => [String(item.id), item.isRead])).toEqual(store.items.map((item) => [String(item.id), item.isRead]))
    expect(server.unread).toBe(1)
    expect(store.unreadCount).toBe(1)
    await store.refresh()
    expect(ids(store.items)).toEqual([String(newest), String(middle)])
    expect(store.error).toBeNull()
  })

  test('sign-out closes the subscription', async () => {
    const { store, token } = await signedIn(5)
    expect(await openStreams(5)).toBe(1)
    token.value = null
    await nextTick()
    expect(store.status).toBe('idle')
    await until(async () => (await openStreams(5)) === 0, 'the server to see the stream closed', 1000)
  })

  test('after a server restart the alarm missed meanwhile arrives through the reconcile', async () => {
    const dir = await mkdtemp(join(tmpdir(), `alarms-${shape}-`))
    const api = await spawnTestApi({ dbFile: join(dir, 'alarms.db'), args: ['--shape', shape] })
    const mounted: { unmount(): void }[] = []
    try {
      const client = createTestApiClient(api.url)
      const session = await client.login(6)
      const entry = mountAlarms({ baseURL: `${api.url}/api`, getToken: () => session.accessToken, stream: fastRetry, reconcileJitterMs: 50, ...SHAPE_OPTIONS[shape] })
      mounted.push(entry)
      const { store } = entry
      await until(() => store.status === 'open' && !store.loading, 'the first connection')
      await client.publish(6, { content: 'before restart' })
      await until(() => store.items.length === 1, 'the first alarm')
      store.disconnect()
      const missed = await client.publish(6, { content: 'just before restart' })
      await api.restart()
      store.connect()
      await until(() => store.items.some((item) => String(item.id) === String(missed.id)) && !store.loading, 'the missed alarm', 10_000)
      expect(store.items.map((item) => item.content)).toEqual(['just before restart', 'before restart'])
      expect(store.unreadCount).toBe(2)
      // A refresh that hit the restart failed; the next one reads the new process.
      await store.refresh()
      expect(store.error).toBeNull()
      expect(store.items).toHaveLength(2)
    } finally {
      for (const entry of mounted) entry.unmount()
      await api.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
