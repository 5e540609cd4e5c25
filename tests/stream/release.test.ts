// A stream open for days reconnects thousands of times: whatever one connection created (its request's AbortSignal,
// its response body, the closures reading it) must be unreachable once the next connection runs. These tests hold
// each connection only weakly and count what survives a forced GC, so a listener left on a long-lived signal, a
// list of controllers or a closure kept per connection fails them, however small.
import { afterEach, describe, expect, it } from 'vitest'
import { collectGarbage, countAlive } from '../helpers/collect-garbage'
import { openAlarmStream } from '../../src/stream'
import { closeAllStreams, waitUntil, watchStream } from './harness'

afterEach(() => closeAllStreams())

const RECONNECTS = 30

/**
 * A fetch whose first RECONNECTS bodies carry one event and end (the server's idle cut); the next one stays open.
 * Like a real fetch, it listens for its request's abort and holds nothing of a connection once its body ended.
 */
function endingBodies() {
  const encoder = new TextEncoder()
  const signals: WeakRef<AbortSignal>[] = []
  const bodies: WeakRef<ReadableStream<Uint8Array>>[] = []
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    const index = signals.length
    const signal = init!.signal!
    signals.push(new WeakRef(signal))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal.addEventListener('abort', () => controller.error(signal.reason), { once: true })
        controller.enqueue(encoder.encode(`id:${index}\ndata:alarm ${index}\n\n`))
        if (index < RECONNECTS) controller.close()
      },
    })
    bodies.push(new WeakRef(body))
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  }
  return { fetch, signals, bodies }
}

describe('connections are released when the next one opens', () => {
  it(`keeps only the open connection's request signal and body after ${RECONNECTS} reconnects`, async () => {
    const server = endingBodies()
    const watched = watchStream({ url: 'http://127.0.0.1:9/events', fetch: server.fetch, retry: { minMs: 1, initialMs: 1, maxMs: 2 } })
    await waitUntil(() => expect(watched.events.at(-1)?.data).toBe(`alarm ${RECONNECTS}`))
    expect(watched.stream.status).toBe('open')
    await collectGarbage()
    // The open connection's body is still held by its reader (so a leak could be seen); every ended one is gone.
    expect(server.bodies[RECONNECTS]!.deref()).toBeDefined()
    expect(countAlive(server.signals.slice(0, RECONNECTS))).toBe(0)
    expect(countAlive(server.bodies.slice(0, RECONNECTS))).toBe(0)
  })

  it('releases the last connection when the stream is closed', async () => {
    const server = endingBodies()
    const watched = watchStream({ url: 'http://127.0.0.1:9/events', fetch: server.fetch, retry: { minMs: 1, initialMs: 1, maxMs: 2 } })
    await waitUntil(() => expect(watched.events.at(-1)?.data).toBe(`alarm ${RECONNECTS}`))
    watched.stream.close()
    await collectGarbage()
    expect(countAlive(server.signals)).toBe(0)
    expect(countAlive(server.bodies)).toBe(0)
  })
})

/** Opens a stream on `signal`, waits for it to open and closes it; returns weak references to what it held. */
async function openAndClose(signal: AbortSignal): Promise<WeakRef<object>[]> {
  let open = false
  // Held by nothing but the stream.
  const onStatus = (status: string) => (open ||= status === 'open')
  const stream = openAlarmStream({ url: 'http://127.0.0.1:9/events', fetch: endingBodies().fetch, signal, onStatus })
  await waitUntil(() => expect(open).toBe(true))
  stream.close()
  return [new WeakRef(stream), new WeakRef(onStatus)]
}

describe('a closed stream is released', () => {
  it("lets it go while the caller's signal lives on", async () => {
    // An app-wide signal (a router's, a session's) outlives each stream opened with it.
    const app = new AbortController()
    const held: WeakRef<object>[] = []
    for (let index = 0; index < 3; index++) held.push(...(await openAndClose(app.signal)))
    await collectGarbage()
    expect(countAlive(held)).toBe(0)
    expect(app.signal.aborted).toBe(false)
  })
})
