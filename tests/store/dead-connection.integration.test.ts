import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { mountAlarms, until, type MountedAlarms } from './mount-alarms'

/**
 * Connections that die without a word: a proxy or NAT stops forwarding while the socket stays open (the test API's
 * `blackhole` fault), or the machine sleeps. With default options the store must notice and catch up.
 */
let withHeartbeats: TestServer
let withoutHeartbeats: TestServer
const mounted: MountedAlarms[] = []

beforeAll(async () => {
  withHeartbeats = await startTestApi({ heartbeatMs: 1000 })
  withoutHeartbeats = await startTestApi()
})
afterEach(() => {
  vi.useRealTimers()
  for (const entry of mounted.splice(0)) entry.unmount()
})
afterAll(async () => {
  await withHeartbeats?.close()
  await withoutHeartbeats?.close()
})

async function openStore(server: TestServer, client: TestApiClient, userId: number) {
  const session = await client.login(userId)
  const entry = mountAlarms({ baseURL: `${server.url}/api`, getToken: () => session.accessToken })
  mounted.push(entry)
  await until(() => entry.store.status === 'open' && !entry.store.loading, 'the first connection')
  return entry.store
}

describe('a connection that dies silently', () => {
  test('with 1 s heartbeats and default options, the alarm published into a blackhole arrives within 5 s', async () => {
    const client = createTestApiClient(withHeartbeats.url)
    const store = await openStore(withHeartbeats, client, 501)
    // The watchdog learns the interval from the heartbeats it sees.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await client.blackhole()
    const publishedAt = Date.now()
    const missed = await client.publish(501, { content: 'into the blackhole' })
    await until(() => store.items.some((item) => String(item.id) === String(missed.id)), 'the alarm after the watchdog', 5000)
    const arrivedAfterMs = Date.now() - publishedAt
    expect(arrivedAfterMs).toBeGreaterThan(1000)
    const resumed = (await client.stats()).requestLog.filter((entry) => entry.path === '/api/subscribe' && entry.userId === 501)
    expect(resumed.length).toBeGreaterThanOrEqual(2)
    expect(resumed.at(-1)?.lastEventId).toMatch(/^501_/)
    expect(store.items.filter((item) => String(item.id) === String(missed.id))).toHaveLength(1)
  })

  test('after the machine slept (the wall clock jumped), the store reconnects with Last-Event-ID and catches up', async () => {
    const client = createTestApiClient(withoutHeartbeats.url)
    const store = await openStore(withoutHeartbeats, client, 502)
    await client.blackhole()
    const missed = await client.publish(502, { content: 'while asleep' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    // No heartbeats: nothing but the jump of the clock can tell this connection is dead.
    expect(store.items).toHaveLength(0)
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
    vi.setSystemTime(Date.now() + 10 * 60_000)
    await until(() => store.items.some((item) => String(item.id) === String(missed.id)), 'the alarm after waking', 8000)
    const subscribes = (await client.stats()).requestLog.filter((entry) => entry.path === '/api/subscribe' && entry.userId === 502)
    expect(subscribes.at(-1)?.lastEventId).toMatch(/^502_/)
  })
})
