import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { watch } from 'vue'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { mountAlarms, until, type MountedAlarms } from './mount-alarms'

let server: TestServer
let client: TestApiClient
const mounted: MountedAlarms[] = []

beforeAll(async () => {
  server = await startTestApi()
  client = createTestApiClient(server.url)
})

afterEach(() => {
  for (const entry of mounted.splice(0)) entry.unmount()
})

afterAll(async () => {
  await server?.close()
})

describe('a burst over the stream', () => {
  test('2000 alarms are applied in a few list replacements, each alarm counted and reported once', async () => {
    const userId = 201
    const session = await client.login(userId)
    const onAlarm = vi.fn()
    const entry = mountAlarms({ baseURL: `${server.url}/api`, getToken: () => session.accessToken, onAlarm, refreshDebounceMs: 5_000 })
    mounted.push(entry)
    const { store } = entry
    await until(() => store.status === 'open', 'the stream to open')
    await until(() => !store.loading, 'the reconcile after opening')

    // Every replacement of the list (the shallowRef's value) triggers a synchronous watcher once.
    let replacements = 0
    const stop = watch(
      () => store.items,
      () => {
        replacements += 1
      },
      { flush: 'sync' },
    )
    try {
      const published = await client.publishMany(userId, { content: 'burst', count: 2000 })
      await until(() => store.items.length === 2000, 'all 2000 alarms', 20_000)
      // One replacement per alarm before batching; now one per chunk the stream delivered.
      expect(replacements).toBeGreaterThanOrEqual(1)
      expect(replacements).toBeLessThanOrEqual(100)
      console.info(`burst of 2000: ${replacements} list replacements`)
      expect(store.items.map((item) => String(item.id))).toEqual(published.map((alarm) => String(alarm.id)).reverse())
      expect(store.unreadCount).toBe(2000)
      expect(store.hasNewAlarms).toBe(true)
      expect(onAlarm).toHaveBeenCalledTimes(2000)
      expect(onAlarm.mock.calls.map(([alarm]) => String(alarm.id))).toEqual(published.map((alarm) => String(alarm.id)))
      expect(store.lastEventId).toMatch(new RegExp(`^${userId}_`))
    } finally {
      stop()
    }
  })
})
