import { describe, expect, test, vi } from 'vitest'
import { until } from './mount-alarms'
import { recordLoads } from './refresh-rules'
import { useStoreTestEnv } from './store-env'

/** A fetch for the stream that notes when a body chunk carrying `marker` passes on to the store. */
function streamFetchWatching(marker: string, seen: { at?: number }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    if (!response.body) return response
    const decoder = new TextDecoder()
    let tail = ''
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const text = tail + decoder.decode(chunk, { stream: true })
          if (seen.at === undefined && text.includes(marker)) seen.at = performance.now()
          tail = text.slice(-marker.length)
          controller.enqueue(chunk)
        },
      }),
    )
    return new Response(body, response)
  }
}

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
    const replayed = 'missed, then replayed'
    const streamed: { at?: number } = {}
    const onNewAlarm = vi.fn<() => void>()
    const { store } = env.mount({
      baseURL: `${env.server.url}/api`,
      getToken: () => session.accessToken,
      onNewAlarm,
      stream: { fetch: streamFetchWatching(replayed, streamed) },
    })
    await until(() => store.status === 'open' && !store.loading, 'the first load')
    const loads = recordLoads(store)
    onNewAlarm.mockImplementation(loads.noteAlarm)
    await env.client.publish(902, { content: 'teaches the store that pages carry unread' })
    // The request count of the test API adds up over the file: wait for the refresh itself, or it may start after
    // the disconnect, bring the missed alarm before any replay and leave the reconnect's reconcile to run on its own.
    await until(() => loads.settled(), 'the refresh after it')
    store.disconnect()
    await env.client.publish(902, { content: replayed })
    await env.client.resetStats()
    streamed.at = undefined
    // How the replayed alarm reached the store: from the stream (its chunk passed first) or from a refresh's page,
    // and whether a refresh was in flight then.
    let announced: { at: number; byStream: boolean; refreshInFlight: boolean } | undefined
    onNewAlarm.mockImplementation(() => {
      announced = { at: performance.now(), byStream: streamed.at !== undefined, refreshInFlight: store.loading }
    })
    const startsBefore = loads.starts.length
    store.connect()
    await until(() => store.items.length === 2 && announced !== undefined, 'the replayed alarm')
    const arrival = announced!
    // The rules: any refresh that starts after a reconnect is its reconcile, and an alarm the stream brings schedules
    // one. An alarm streamed in while the reconcile's refresh is in flight (a machine too slow to read the replay
    // within the quiet period) is served by one more; one the refresh's page brought first schedules none.
    const queuedBehindRefresh = arrival.byStream && arrival.refreshInFlight
    if (arrival.byStream) {
      await until(() => !store.loading && loads.starts.some((start) => start >= arrival.at), 'the refresh after the replay', 10_000)
    } else {
      await until(() => streamed.at !== undefined && !store.loading, 'the replay after the refresh', 10_000)
    }
    loads.stop()
    const { requests } = await env.client.stats()
    expect(requests['GET /api/alarms'] ?? 0).toBe(queuedBehindRefresh ? 2 : 1)
    expect(loads.starts.length - startsBefore).toBe(requests['GET /api/alarms'] ?? 0)
    expect(requests['GET /api/alarms/count'] ?? 0).toBe(0)
    expect(store.unreadCount).toBe(2)
  })
})
