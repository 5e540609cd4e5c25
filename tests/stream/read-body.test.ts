import { describe, expect, it } from 'vitest'
import { readEventStream, type BodyHandlers } from '../../src/stream/read-body'

const utf8 = (text: string) => new TextEncoder().encode(text)

/** A body that yields `chunks` one read at a time, as a network stream would. */
function body(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift()
      if (next === undefined) controller.close()
      else controller.enqueue(utf8(next))
    },
  })
}

function recorder(signal = new AbortController().signal) {
  const seen = { events: [] as string[], ids: [] as string[], retries: [] as number[], chunks: [] as boolean[] }
  const handlers: BodyHandlers = {
    signal,
    onEvent: (event) => seen.events.push(event.data),
    onLastEventId: (id) => seen.ids.push(id),
    onRetry: (ms) => seen.retries.push(ms),
    onChunk: (heartbeatOnly) => seen.chunks.push(heartbeatOnly),
  }
  return { seen, handlers }
}

describe('reading a response body', () => {
  it('marks a chunk as a heartbeat only when heartbeats are all it carried', async () => {
    const { seen, handlers } = recorder()
    await readEventStream(
      body([':hb\n\n', 'id:1\ndata:alarm\n\n:after\n\n', 'event:ping\n\n', 'event:ping\ndata:{}\n\n', 'retry:500\n\n', 'data:half']),
      '',
      handlers,
    )
    expect(seen.chunks).toEqual([true, false, true, true, false, false])
    expect(seen.events).toEqual(['alarm', '{}'])
    expect(seen.ids).toEqual(['1'])
    expect(seen.retries).toEqual([500])
  })

  it('stops parsing and reporting once the connection is abandoned, even inside a chunk', async () => {
    const attempt = new AbortController()
    const { seen, handlers } = recorder(attempt.signal)
    handlers.onEvent = (event) => {
      seen.events.push(event.data)
      attempt.abort()
    }
    await readEventStream(body(['id:1\ndata:a\n\nid:2\nretry:9\ndata:b\n\n', 'data:c\n\n']), '', handlers)
    expect(seen.events).toEqual(['a'])
    expect(seen.ids).toEqual(['1'])
    expect(seen.retries).toEqual([])
    expect(seen.chunks).toEqual([])
  })

  it('parses a large chunk over several tasks, every event once and in order', async () => {
    const { seen, handlers } = recorder()
    const count = 20_000
    const text = Array.from({ length: count }, (_, index) => `id:${index}\ndata:{"id":${index},"content":"a burst of alarms in one network chunk"}\n\n`).join('')
    // A message posted before reading is delivered only at a task boundary: events seen after it came in a later task.
    let boundaries = 0
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      boundaries++
      if (seen.events.length < count) channel.port2.postMessage(null)
    }
    channel.port2.postMessage(null)
    await readEventStream(body([text]), '', handlers)
    channel.port1.close()

    expect(seen.events).toHaveLength(count)
    expect(seen.events.map((data) => (JSON.parse(data) as { id: number }).id)).toEqual(Array.from({ length: count }, (_, index) => index))
    expect(seen.ids.at(-1)).toBe(String(count - 1))
    expect(seen.chunks).toEqual([false])
    expect(boundaries).toBeGreaterThan(1)
  })

  it('drops the rest of a chunk when the connection is abandoned between its tasks', async () => {
    const attempt = new AbortController()
    const { seen, handlers } = recorder(attempt.signal)
    const count = 20_000
    const text = Array.from({ length: count }, (_, index) => `id:${index}\ndata:${index}\n\n`).join('')
    // Abandoned at the first task boundary after the first event, as a sign-out between two slices would do.
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      if (seen.events.length === 0) channel.port2.postMessage(null)
      else attempt.abort()
    }
    channel.port2.postMessage(null)
    await readEventStream(body([text]), '', handlers)
    channel.port1.close()

    expect(seen.events.length).toBeGreaterThan(0)
    expect(seen.events.length).toBeLessThan(count)
    expect(seen.events).toEqual(Array.from({ length: seen.events.length }, (_, index) => String(index)))
    expect(seen.chunks).toEqual([])
  })

  it('stops reading once the connection is abandoned and cancels the body, releasing the connection', async () => {
    const attempt = new AbortController()
    const { seen, handlers } = recorder(attempt.signal)
    handlers.onEvent = (event) => {
      seen.events.push(event.data)
      attempt.abort()
    }
    let reads = 0
    const cancelled: unknown[] = []
    // A long body whose fetch did not listen to the signal: nothing but the reader can release it.
    const long = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (reads === 100) controller.close()
        else controller.enqueue(utf8(`data:${reads++}\n\n`))
      },
      cancel(reason) {
        cancelled.push(reason)
        // The reader's cancel() rejects with this: nothing may be left unhandled.
        throw new Error('cancel failed')
      },
    })
    await readEventStream(long, '', handlers)
    expect(seen.events).toEqual(['0'])
    expect(cancelled).toHaveLength(1)
    expect(reads).toBeLessThanOrEqual(3)
  })
})
