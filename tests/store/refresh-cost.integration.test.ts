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
})
