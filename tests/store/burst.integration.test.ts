import { describe, expect, test, vi } from 'vitest'
import { watch } from 'vue'
import { until } from './mount-alarms'
import { useStoreTestEnv } from './store-env'

const env = useStoreTestEnv()

describe('a burst over the stream', () => {
  test('2000 alarms are applied in a few list replacements, each alarm counted and reported once', async () => {
    const userId = 201
    const session = await env.client.login(userId)
    const onNewAlarm = vi.fn()
    const entry = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => session.accessToken, onNewAlarm, refreshDebounceMs: 5_000 })
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
      const published = await env.client.publishMany(userId, { content: 'burst', count: 2000 })
      await until(() => store.items.length === 2000, 'all 2000 alarms', 20_000)
      // One replacement per alarm before batching; now one per chunk the stream delivered.
      expect(replacements).toBeGreaterThanOrEqual(1)
      expect(replacements).toBeLessThanOrEqual(100)
      console.info(`burst of 2000: ${replacements} list replacements`)
      expect(store.items.map((item) => String(item.id))).toEqual(published.map((alarm) => String(alarm.id)).reverse())
      expect(store.unreadCount).toBe(2000)
      expect(store.hasNewAlarms).toBe(true)
      expect(onNewAlarm).toHaveBeenCalledTimes(2000)
      expect(onNewAlarm.mock.calls.map(([alarm]) => String(alarm.id))).toEqual(published.map((alarm) => String(alarm.id)))
      expect(store.lastEventId).toMatch(new RegExp(`^${userId}_`))
    } finally {
      stop()
    }
  })
})
