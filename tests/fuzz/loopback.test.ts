import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openAlarmStream } from '../../src/stream'
import type { AlarmStreamEvent } from '../../src/stream/types'
import { applyChunking, chunking, expectedEvents, generatedStream, serializeStream } from './sse-model'

/** Marks the end of a generated stream; it carries no id, so it cannot move the resume point. */
const END = new TextEncoder().encode('\n\nevent:end-of-script\ndata:end\n\n')

let server: Server
let url: string
/** What the next request gets: chunks written one by one, each flushed before the next. */
let script: Uint8Array[] = []
let requestCount = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    requestCount++
    const chunks = script
    res.socket?.setNoDelay(true)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    res.flushHeaders()
    void (async () => {
      for (const chunk of chunks) {
        if (res.destroyed) return
        await new Promise<void>((resolve) => res.write(chunk, () => resolve()))
        await new Promise((resolve) => setImmediate(resolve))
      }
      // Held open: an end would make the client reconnect and replay the script.
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function receive(chunks: Uint8Array[]): Promise<AlarmStreamEvent[]> {
  script = chunks
  return new Promise((resolve, reject) => {
    const events: AlarmStreamEvent[] = []
    const timer = setTimeout(() => {
      stream.close()
      reject(new Error(`no end marker after 3 s; got ${JSON.stringify(events)}`))
    }, 3000)
    const stream = openAlarmStream({
      url,
      retry: { minMs: 5_000, initialMs: 5_000 },
      onEvent(event) {
        if (event.type !== 'end-of-script') {
          events.push(event)
          return
        }
        clearTimeout(timer)
        stream.close()
        resolve(events)
      },
    })
  })
}

describe('openAlarmStream over loopback with generated streams and chunkings', () => {
  test('delivers exactly the generated events, in order, on one connection', async () => {
    await fc.assert(
      fc.asyncProperty(generatedStream, chunking, async (stream, how) => {
        const body = serializeStream(stream)
        const bytes = new Uint8Array(body.length + END.length)
        bytes.set(body)
        bytes.set(END, body.length)
        // Byte-per-chunk writes of a long script are slow over a socket; cap them at a few hundred.
        const chunks = how.bytewise && bytes.length > 300 ? applyChunking(bytes, { bytewise: false, cuts: Array.from({ length: 300 }, (_, index) => index * 3) }) : applyChunking(bytes, how)
        const before = requestCount
        const events = await receive(chunks)
        expect(events).toEqual(expectedEvents(stream))
        expect(requestCount - before).toBe(1)
      }),
      { numRuns: 40 },
    )
  }, 30_000)
})
