import { describe, expect, test } from 'vitest'
import { until } from './mount-alarms'
import { useStoreTestEnv } from './store-env'

/** A backend whose list pages carry `unread` (the test API's `--list-unread-field`). */
const env = useStoreTestEnv({ listUnreadField: true })

describe('a refresh against a backend whose list pages carry the unread count', () => {
  test('costs one request: after the first page the store stops asking for the count', async () => {
    const session = await env.client.login(901)
    const { store } = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => session.accessToken })
    await until(() => store.status === 'open' && !store.loading, 'the first load')
    await env.client.resetStats()

    await env.client.publishMany(901, { content: 'counted', count: 3 })
    await until(async () => ((await env.client.stats()).requests['GET /api/alarms'] ?? 0) >= 1 && !store.loading, 'the refresh')
    await store.refresh()
    const { requests } = await env.client.stats()
    expect(requests['GET /api/alarms']).toBeGreaterThanOrEqual(2)
    expect(requests['GET /api/alarms/count'] ?? 0).toBe(0)
    expect(store.unreadCount).toBe(3)
    expect(store.items).toHaveLength(3)
  })

  test('a reconnect whose replay brings an alarm costs one request: the reconcile and the refresh are one', async () => {
    const session = await env.client.login(902)
    const { store } = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => session.accessToken })
    await until(() => store.status === 'open' && !store.loading, 'the first load')
    await env.client.publish(902, { content: 'teaches the store that pages carry unread' })
    await until(async () => ((await env.client.stats()).requests['GET /api/alarms'] ?? 0) >= 2 && !store.loading, 'the refresh')
    store.disconnect()
    await env.client.publish(902, { content: 'missed, then replayed' })
    await env.client.resetStats()
    store.connect()
    await until(() => store.items.length === 2, 'the replayed alarm')
    // Past the reconcile's longest jitter (1 s) and the refresh's quiet period.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const { requests } = await env.client.stats()
    expect(requests['GET /api/alarms'] ?? 0).toBe(1)
    expect(requests['GET /api/alarms/count'] ?? 0).toBe(0)
    expect(store.unreadCount).toBe(2)
  })
})
