import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { spawnTestApi, type TestApiProcess } from '../helpers/server-process'
import { createTestApiClient } from '../helpers/test-api-client'
import { mountAlarms, until } from './mount-alarms'

let dir: string
let api: TestApiProcess

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alarms-restart-'))
  api = await spawnTestApi({ dbFile: join(dir, 'alarms.db') })
})

afterAll(async () => {
  await api?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** A store of `userId` against the spawned API, open and reconciled. */
async function connectedStore(userId: number) {
  const client = createTestApiClient(api.url)
  const session = await client.login(userId)
  const mounted = mountAlarms({
    baseURL: `${api.url}/api`,
    getToken: () => session.accessToken,
    stream: { retry: { minMs: 20, initialMs: 50, maxMs: 200 } },
  })
  await until(() => mounted.store.status === 'open' && !mounted.store.loading, 'the first connection')
  return { ...mounted, client }
}

test('after a server restart the alarm published just before appears through the reconcile', async () => {
  const { store, unmount, client } = await connectedStore(1)
  try {
    await client.publish(1, { content: 'before restart' })
    await until(() => store.items.length === 1, 'the first alarm')

    // Published while this client is not listening, then the process (and its in-memory state) goes away.
    store.acknowledge()
    store.disconnect()
    const missed = await client.publish(1, { content: 'just before restart' })
    await api.restart()
    store.connect()

    await until(() => store.status === 'open', 'the reconnect', 10_000)
    await until(() => store.items.some((item) => String(item.id) === String(missed.id)) && !store.loading, 'the missed alarm')
    // The reconcile after a reconnect waits a random moment (reconcileJitterMs), so a restart is no REST storm.
    const apiClient = createTestApiClient(api.url)
    await until(async () => ((await apiClient.stats()).requests['GET /api/alarms'] ?? 0) > 0 && !store.loading, 'the reconcile')
    const stats = await apiClient.stats()
    expect(stats.requests['GET /api/alarms'] ?? 0).toBeGreaterThanOrEqual(1)
    expect(stats.requests['GET /api/alarms/count'] ?? 0).toBeGreaterThanOrEqual(1)
    expect(store.items.map((item) => item.content)).toEqual(['just before restart', 'before restart'])
    expect(store.unreadCount).toBe(2)
    expect(store.hasNewAlarms).toBe(true)

    // Still live on the new process.
    await client.publish(1, { content: 'after restart' })
    await until(() => store.items.length === 3, 'an alarm on the new process')
  } finally {
    unmount()
  }
})

test('a connected store rides out the restart on its own', async () => {
  const { store, unmount, client } = await connectedStore(2)
  try {
    const statuses: string[] = []
    store.$subscribe(() => statuses.push(store.status))
    const downAt = performance.now()
    await api.restart()
    await until(() => statuses.includes('retrying') && store.status === 'open', 'the drop and the reconnect', 10_000)
    console.info(`reconnected ${Math.round(performance.now() - downAt)} ms after the restart began`)
    await client.publish(2, { content: 'after restart' })
    await until(() => store.items.length === 1, 'an alarm on the new process')
    expect(store.unreadCount).toBe(1)
  } finally {
    unmount()
  }
})
