// A dashboard left open for a week sees tens of thousands of alarms and many reconnects: what the client keeps must
// be bounded by what it shows. Each connection and each alarm object is held here only weakly; whatever survives a
// forced GC is held by the client. A set of every alarm seen, a listener per connection on a long-lived signal or a
// closure kept per connection fails these tests, however small.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createClient, type AlarmsClient } from '../../src/client/client'
import { resolveAlarmsOptions } from '../../src/resolve-options'
import type { AlarmStream, AlarmStreamOptions } from '../../src/stream/types'
import { collectGarbage, countAlive } from '../helpers/collect-garbage'
import { createFakeApi, fakeAlarm } from '../helpers/fake-transport'

const MAX_ITEMS = 50

/** Opens streams the test drives, remembering each one's options (and with them its callbacks) only weakly. */
function weakStreams() {
  const opened: WeakRef<AlarmStreamOptions>[] = []
  let current: AlarmStreamOptions | undefined
  let nextId = 0
  function open(options: AlarmStreamOptions): AlarmStream {
    opened.push(new WeakRef(options))
    current = options
    return {
      status: 'connecting',
      lastEventId: '',
      reconnect() {},
      close() {
        if (current === options) current = undefined
      },
    }
  }
  return {
    open,
    opened,
    openNow: () => current!.onStatus?.('open', { httpStatus: 200 }),
    /** One network chunk of `count` new alarms. */
    push(count: number) {
      for (let index = 0; index < count; index++) {
        const alarm = fakeAlarm(++nextId)
        current!.onEvent?.({ type: 'sse', data: JSON.stringify(alarm), lastEventId: String(alarm.id) })
      }
      return nextId
    },
  }
}

let client: AlarmsClient | undefined
afterEach(() => {
  client?.dispose()
  client = undefined
})

function start() {
  const streams = weakStreams()
  const resolved = resolveAlarmsOptions({ ssr: false, sharedConnection: false, reconcileJitterMs: 0, maxItems: MAX_ITEMS, getToken: () => 'token' })
  client = createClient({ ...resolved, api: createFakeApi().api, openStream: streams.open })
  client.setIdentity()
  return { client, streams }
}

const settled = (client: AlarmsClient) => vi.waitFor(() => expect(client.getState()).toMatchObject({ status: 'open', loading: false }), { interval: 1, timeout: 10_000 })

describe('what the client keeps is bounded by what it shows', () => {
  test('after 30 reconnects only the open connection is held', async () => {
    const { client, streams } = start()
    for (let connection = 0; connection < 30; connection++) {
      streams.openNow()
      await settled(client)
      streams.push(20)
      client.disconnect()
      client.connect()
    }
    streams.openNow()
    await settled(client)
    expect(streams.opened).toHaveLength(31)
    await collectGarbage()
    expect(streams.opened.at(-1)!.deref()).toBeDefined()
    expect(countAlive(streams.opened)).toBe(1)
  })

  test(`after 40 bursts of 100 alarms with maxItems ${MAX_ITEMS}, at most ${MAX_ITEMS} alarm objects are held`, async () => {
    const { client, streams } = start()
    streams.openNow()
    await settled(client)
    const alarms: WeakRef<object>[] = []
    const tracked = new WeakSet<object>()
    for (let burst = 0; burst < 40; burst++) {
      const newest = streams.push(100)
      await vi.waitFor(() => expect(client.getState().items[0]?.id).toBe(newest), { interval: 1, timeout: 10_000 })
      for (const alarm of client.getState().items) {
        if (tracked.has(alarm)) continue
        tracked.add(alarm)
        alarms.push(new WeakRef(alarm))
      }
    }
    expect(client.getState().items).toHaveLength(MAX_ITEMS)
    expect(alarms.length).toBeGreaterThanOrEqual(MAX_ITEMS * 40)
    await collectGarbage()
    expect(countAlive(alarms)).toBeLessThanOrEqual(MAX_ITEMS)
  })
})
