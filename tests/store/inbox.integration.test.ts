import axios, { type AxiosInstance } from 'axios'
import { describe, expect, test } from 'vitest'
import type { Alarm } from '../../src/alarms/types'
import type { CreateAlarmsOptions } from '../../src/plugin'
import { until } from './mount-alarms'
import { useFailingServer, useStoreTestEnv } from './store-env'

const env = useStoreTestEnv()
const failing = useFailingServer()
const fastRetry = { retry: { minMs: 20, initialMs: 50, maxMs: 300 } }

async function signedIn(userId: number, options: Partial<CreateAlarmsOptions> = {}) {
  const session = await env.client.login(userId)
  const entry = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => session.accessToken, stream: fastRetry, ...options })
  await until(() => entry.store.status === 'open' && !entry.store.loading, 'the stream to open and the first load')
  return { ...entry, session }
}

/** Marks alarms read on the server directly, as another device would. */
async function markReadOnServer(token: string, ids: Alarm['id'][]) {
  for (const id of ids) {
    const response = await fetch(`${env.server.url}/api/alarms/${id}/read`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}` } })
    expect(response.status).toBe(204)
  }
}

/** An axios instance that records list queries and, with `ignoreUnread`, drops `unread=true` like an older backend. */
function recordingAxios(ignoreUnread: boolean): { instance: AxiosInstance; listQueries: string[] } {
  const instance = axios.create({ baseURL: `${env.server.url}/api` })
  const listQueries: string[] = []
  instance.interceptors.request.use((config) => {
    if (config.url !== '/alarms') return config
    const params = { ...(config.params as Record<string, unknown>) }
    listQueries.push(new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString())
    if (ignoreUnread) delete params.unread
    return { ...config, params }
  })
  return { instance, listQueries }
}

describe('markUnread', () => {
  test('marks a read alarm unread at once, and the server agrees', async () => {
    const userId = 301
    await env.client.publishMany(userId, { content: 'item', count: 2 })
    const { store, session } = await signedIn(userId)
    await markReadOnServer(session.accessToken, store.items.map((alarm) => alarm.id))
    await store.refresh()
    expect(store.unreadCount).toBe(0)

    const target = store.items[1]!
    const marking = store.markUnread(target.id)
    expect(store.items[1]!.isRead).toBe(false)
    expect(store.unreadCount).toBe(1)
    await marking
    expect(store.error).toBeNull()
    expect(await env.client.count(session.accessToken)).toBe(1)
    expect((await env.client.listAlarms(session.accessToken)).items.find((alarm) => alarm.id === target.id)?.isRead).toBe(false)
  })

  test('rolls back when the server refuses it', async () => {
    const userId = 302
    await env.client.publishMany(userId, { content: 'item', count: 2 })
    const { store, session } = await signedIn(userId, { endpoints: { unread: (id) => `${failing.url}/alarms/${id}/unread` } })
    await store.markRead(store.items[0]!.id)
    expect(store.unreadCount).toBe(1)

    const marking = store.markUnread(store.items[0]!.id)
    expect(store.unreadCount).toBe(2)
    await marking
    expect(store.items[0]!.isRead).toBe(true)
    expect(store.unreadCount).toBe(1)
    expect(store.error).toMatchObject({ code: 'http', status: 500 })
    expect(await env.client.count(session.accessToken)).toBe(1)
  })
})

describe('subscribeNewAlarms', () => {
  test('is never called for the first load, then once per batch of alarms new to this page', async () => {
    const userId = 303
    await env.client.publishMany(userId, { content: 'history', count: 3 })
    const batches: string[][] = []
    const session = await env.client.login(userId)
    const entry = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => session.accessToken, stream: fastRetry })
      entry.store.subscribeNewAlarms((alarms) => batches.push(alarms.map((alarm) => alarm.content)))
    await until(() => entry.store.items.length === 3, 'the first load')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(batches).toEqual([])

    await env.client.publish(userId, { content: 'live' })
    await until(() => batches.length === 1, 'the live alarm')
    expect(batches).toEqual([['live']])
  })

  test('reports alarms published while the stream was down exactly once, whatever path brings them', async () => {
    const userId = 304
    const { store } = await signedIn(userId)
    const seen: string[] = []
    store.subscribeNewAlarms((alarms) => seen.push(...alarms.map((alarm) => alarm.content)))
    await env.client.fault([{ type: 'status', status: 503, retryAfter: 1, count: 1 }, { type: 'drop' }])
    await until(() => store.status !== 'open', 'the drop')
    await env.client.publishMany(userId, { content: 'missed', count: 3 })
    await until(() => store.items.length === 3 && !store.loading, 'the reconnect', 10_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(seen.sort()).toEqual(['missed #1', 'missed #2', 'missed #3'])
  })

  test('does not report older alarms that move into the first page after a removal, nor older pages', async () => {
    const userId = 305
    await env.client.publishMany(userId, { content: 'old', count: 25 })
    const { store } = await signedIn(userId)
    expect(store.items).toHaveLength(20)
    const calls: Alarm[][] = []
    const unsubscribe = store.subscribeNewAlarms((alarms) => calls.push(alarms))
    await store.remove(store.items[0]!.id)
    await store.refresh()
    expect(store.items.map((alarm) => alarm.content)).toContain('old #5')
    await store.loadMore()
    expect(store.items).toHaveLength(24)
    expect(calls).toEqual([])

    unsubscribe()
    await env.client.publish(userId, { content: 'after unsubscribe' })
    await until(() => store.items[0]?.content === 'after unsubscribe', 'the alarm')
    expect(calls).toEqual([])
  })
})

describe('the Unread filter', () => {
  /** 30 alarms whose newest 20 (the first page) are read on the server: the unread ones all lie beyond it. */
  async function inboxWithOldUnread(userId: number, ignoreUnread: boolean) {
    const published = await env.client.publishMany(userId, { content: 'alarm', count: 30 })
    const token = (await env.client.login(userId)).accessToken
    await markReadOnServer(token, published.slice(10).map((alarm) => alarm.id))
    const { instance, listQueries } = recordingAxios(ignoreUnread)
    const { store } = await signedIn(userId, { axios: instance, baseURL: undefined })
    expect(store.items).toHaveLength(20)
    expect(store.unreadCount).toBe(10)
    expect(store.unreadItems).toEqual([])
    expect(store.hasMoreUnread).toBe(true)
    return { store, listQueries }
  }

  test('asks the server for unread alarms only when it supports unread=true', async () => {
    const { store, listQueries } = await inboxWithOldUnread(306, false)
    listQueries.length = 0
    await store.loadMoreUnread()
    expect(listQueries).toEqual(['page=0&size=20&unread=true'])
    expect(store.unreadFilterSupported).toBe(true)
    expect(store.unreadItems.map((alarm) => alarm.content)).toEqual(Array.from({ length: 10 }, (_, index) => `alarm #${10 - index}`))
    expect(store.hasMoreUnread).toBe(false)
    // The unread ones join the list in their places; between them and the first page the list still has a gap.
    expect(store.items).toHaveLength(30)
    expect(store.hasMore).toBe(true)

    await store.markRead(store.unreadItems[0]!.id)
    expect(store.unreadCount).toBe(9)
    expect(store.unreadItems).toHaveLength(9)
    await store.markAllRead()
    expect(store.unreadItems).toEqual([])
    expect(store.unreadCount).toBe(0)
  })

  test('falls back to pages of the whole list when the backend ignores unread=true', async () => {
    const { store, listQueries } = await inboxWithOldUnread(307, true)
    listQueries.length = 0
    await store.loadMoreUnread()
    expect(store.unreadFilterSupported).toBe(false)
    expect(listQueries).toEqual(['page=0&size=20&unread=true', 'page=1&size=20'])
    expect(store.unreadItems).toHaveLength(10)
    expect(store.unreadItems.every((alarm) => !alarm.isRead)).toBe(true)
    expect(store.hasMoreUnread).toBe(false)

    listQueries.length = 0
    await store.loadMoreUnread()
    expect(listQueries).toEqual([])
  })

  test('removing a fetched unread alarm beyond the held pages updates the count, and a failed remove puts it back', async () => {
    const userId = 308
    const published = await env.client.publishMany(userId, { content: 'alarm', count: 30 })
    const token = (await env.client.login(userId)).accessToken
    await markReadOnServer(token, published.slice(10).map((alarm) => alarm.id))
    const { store } = await signedIn(userId, { endpoints: { remove: (id) => `${failing.url}/alarms/${id}` } })
    await store.loadMoreUnread()
    const target = store.unreadItems[0]!
    const removing = store.remove(target.id)
    expect(store.unreadItems).toHaveLength(9)
    expect(store.unreadCount).toBe(9)
    await removing
    expect(store.unreadItems).toHaveLength(10)
    expect(store.unreadItems[0]!.id).toBe(target.id)
    expect(store.unreadCount).toBe(10)
  })
})
