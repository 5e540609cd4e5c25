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
})
