import { afterEach, expect, test, vi } from 'vitest'
import { createClient, type AlarmsClient } from '../../src/client/client'
import type { AlarmsClientState } from '../../src/client/state'
import { resolveAlarmsOptions } from '../../src/resolve-options'
import { createFakeApi, fakeAlarm } from '../helpers/fake-transport'

// The real stream over a fake `fetch`: a burst that arrives as one network chunk is parsed over several tasks.
const BURST = 10_000
/** Generous: a loaded machine parses slowly, and nothing here waits for a timer. */
const PATIENCE_MS = 50_000

/** Set when the stream asks for more after the burst's chunk (parsed) or cancels the body (dropped): it is done with that chunk. */
let chunkDone = false

function burstResponse(firstId: number): Response {
  const text = Array.from({ length: BURST }, (_, index) => {
    const alarm = fakeAlarm(firstId + index)
    return `id:e${alarm.id}\nevent:sse\ndata:${JSON.stringify(alarm)}\n\n`
  }).join('')
  const bytes = new TextEncoder().encode(text)
  // One chunk, then the body stays open as a live stream does. No read-ahead: `pull` runs only when a read waits.
  let sent = false
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent) {
          chunkDone = true
          return new Promise(() => {})
        }
        sent = true
        controller.enqueue(bytes)
      },
      // An abandoned connection's body is cancelled rather than read on.
      cancel() {
        chunkDone = true
      },
    },
    { highWaterMark: 0 },
  )
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

let client: AlarmsClient | undefined
afterEach(() => {
  client?.dispose()
  chunkDone = false
})

function start(getToken: () => string | null) {
  const backend = createFakeApi()
  const resolved = resolveAlarmsOptions({
    ssr: false,
    sharedConnection: false,
    reconcileJitterMs: 0,
    maxItems: BURST,
    getToken,
    userKey: (token: string) => token,
    stream: { fetch: async () => burstResponse(1) },
  })
  client = createClient({ ...resolved, api: backend.api })
  const lists: AlarmsClientState['items'][] = []
  client.subscribe((next, previous) => next.items !== previous.items && lists.push(next.items))
  client.setIdentity()
  return { client, lists }
}

test('a burst parsed over several tasks lands in order, every alarm once, in more than one list update', async () => {
  const { client, lists } = start(() => 'user-a')
  await vi.waitFor(() => expect(client.getState().items).toHaveLength(BURST), { timeout: PATIENCE_MS, interval: 20 })

  const ids = client.getState().items.map((alarm) => alarm.id)
  expect(ids).toEqual(Array.from({ length: BURST }, (_, index) => BURST - index))
  // Applied a task at a time: the list was seen part-filled on the way.
  expect(lists.some((items) => items.length > 0 && items.length < BURST)).toBe(true)
  expect(client.getState().lastEventId).toBe(`e${BURST}`)
}, 60_000)

test('a sign-out between two tasks of a burst drops the rest: nothing of that user is held afterwards', async () => {
  let token: string | null = 'user-a'
  const { client, lists } = start(() => token)
  let signedOutAt = -1
  let queued = false
  const stop = client.subscribe((next) => {
    if (queued || next.items.length === 0) return
    queued = true
    // After the first task's alarms are applied, before the stream's next task.
    queueMicrotask(() => {
      signedOutAt = lists.length
      token = null
      client.setIdentity()
    })
  })
  await vi.waitFor(() => expect(chunkDone).toBe(true), { timeout: PATIENCE_MS, interval: 5 })
  stop()

  const before = lists.slice(0, signedOutAt)
  expect(before.at(-1)!.length).toBeGreaterThan(0)
  expect(before.at(-1)!.length).toBeLessThan(BURST)
  expect(lists.slice(signedOutAt).every((items) => items.length === 0)).toBe(true)
  expect(client.getState()).toMatchObject({ items: [], user: null })
}, 60_000)
