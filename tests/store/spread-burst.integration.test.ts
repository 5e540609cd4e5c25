import { describe, expect, test, vi } from 'vitest'
import { watch } from 'vue'
import type { Alarm } from '../../src/alarms/types'
import type { CreateAlarmsOptions } from '../../src/options'
import { until } from './mount-alarms'
import { REFRESH_DEBOUNCE_MS, REFRESH_MAX_WAIT_MS, recordLoads, refreshesAllowed } from './refresh-rules'
import { useStoreTestEnv } from './store-env'

const env = useStoreTestEnv()

/** A store of a fresh user, open and loaded, with a log of every alarm that ever left `items` while held. */
async function openStore(userId: number, options: CreateAlarmsOptions = {}) {
  const session = await env.client.login(userId)
  const onNewAlarm = vi.fn<(alarm: Alarm) => void>()
  const entry = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => session.accessToken, onNewAlarm, ...options })
  const { store } = entry
  await until(() => store.status === 'open' && !store.loading, 'the first load')
  const vanished: string[] = []
  const stop = watch(
    () => store.items,
    (next, previous) => {
      const held = new Set(next.map((item) => String(item.id)))
      for (const item of previous) if (!held.has(String(item.id))) vanished.push(String(item.id))
    },
    { flush: 'sync' },
  )
  return { store, onNewAlarm, vanished, stop }
}

describe('a burst that Spring spreads over time, one insert at a time', () => {
  test('costs the refreshes the rules promise (2 list and 2 count requests when it keeps pace) with a refresh landing mid-burst, and holds each of the 100 alarms once', async () => {
    const { store, onNewAlarm, vanished, stop } = await openStore(301, { refreshDebounceMs: REFRESH_DEBOUNCE_MS, refreshMaxWaitMs: REFRESH_MAX_WAIT_MS })
    // When each alarm reached the store: a refresh that brought one before the stream did only shortens a gap (the
    // bound below only gets stricter).
    const loads = recordLoads(store)
    onNewAlarm.mockImplementation(loads.noteAlarm)
    await env.client.resetStats()
    const startedAt = Date.now()
    const publishing = env.client.publishMany(301, { content: 'spread', count: 100, intervalMs: 4 })
    // A refresh lands mid-burst (as a reconnect's reconcile would): its page is older than what streams in next.
    await until(() => loads.arrivals.length >= 30, 'the burst under way')
    const midBurst = store.refresh()
    const published = await publishing
    await midBurst
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(390)
    await until(() => store.items.length === 100, 'all 100 alarms')
    // The refresh after the burst starts once the stream is quiet; once it is done nothing can trigger another.
    await until(() => loads.settled(), 'the refresh after the burst')
    stop()
    loads.stop()
    const { requests } = await env.client.stats()
    const allowed = refreshesAllowed(loads.arrivals, 1)
    expect(requests['GET /api/alarms'] ?? 0).toBeGreaterThanOrEqual(2)
    expect(requests['GET /api/alarms'] ?? 0).toBeLessThanOrEqual(allowed)
    expect(requests['GET /api/alarms/count'] ?? 0).toBeLessThanOrEqual(allowed)
    expect(requests['GET /api/alarms'], 'list requests against the refreshes started').toBe(loads.starts.length)
    expect(store.items.map((item) => String(item.id))).toEqual(published.map((alarm) => String(alarm.id)).reverse())
    expect(store.unreadCount).toBe(100)
    expect(vanished).toEqual([])
    expect(onNewAlarm.mock.calls.map(([alarm]) => String(alarm.id)).sort()).toEqual(published.map((alarm) => String(alarm.id)).sort())
  })

  test('never drops an alarm it showed when refreshes keep landing mid-burst, each event in split writes', async () => {
    // A 50 ms maximum wait makes first pages built mid-burst land while later alarms are already held.
    const { store, onNewAlarm, vanished, stop } = await openStore(302, { refreshMaxWaitMs: 50 })
    const loads = recordLoads(store)
    onNewAlarm.mockImplementation(loads.noteAlarm)
    await env.client.resetStats()
    const published = await env.client.publishMany(302, { content: 'spread', count: 100, intervalMs: 4, slow: true })
    await until(() => store.items.length === 100, 'all 100 alarms')
    // Watch until the last refresh has landed too: a page built mid-burst that dropped an alarm would show here.
    await until(() => loads.settled(), 'the refresh after the burst')
    stop()
    loads.stop()
    const { requests } = await env.client.stats()
    // The race this guards against needs several refreshes inside the burst.
    expect(requests['GET /api/alarms'] ?? 0).toBeGreaterThanOrEqual(3)
    expect(vanished).toEqual([])
    expect(store.items.map((item) => String(item.id))).toEqual(published.map((alarm) => String(alarm.id)).reverse())
    expect(store.unreadCount).toBe(100)
    expect(onNewAlarm).toHaveBeenCalledTimes(100)
  })
})

describe('onNewAlarm', () => {
  test('is called once per alarm new to the page, also for one only the REST reconcile found, and never for the first load', async () => {
    const userId = 303
    await env.client.publish(userId, { content: 'before sign-in' })
    // A backend that lost its replay cache: the stream never replays, so only the REST reconcile finds what was missed.
    const withoutReplay: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers)
      headers.delete('Last-Event-ID')
      return fetch(input, { ...init, headers })
    }
    const { store, onNewAlarm } = await openStore(userId, { stream: { fetch: withoutReplay } })
    expect(store.items.map((item) => item.content)).toEqual(['before sign-in'])
    expect(onNewAlarm).not.toHaveBeenCalled()

    // Missed while disconnected and not replayed (the server's replay cache is gone): only the reconcile brings it.
    store.disconnect()
    await env.client.publish(userId, { content: 'while away' })
    store.connect()
    await until(() => store.items.length === 2 && !store.loading, 'the missed alarm')
    await env.client.publish(userId, { content: 'live' })
    await until(() => store.items.length === 3, 'the live alarm')
    await store.refresh()
    expect(onNewAlarm.mock.calls.map(([alarm]) => alarm.content)).toEqual(['while away', 'live'])
  })
})
