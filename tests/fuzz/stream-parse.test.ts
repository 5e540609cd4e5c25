import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createEventStreamParser } from '../../src/stream/parse'
import type { AlarmStreamEvent } from '../../src/stream/types'
import { applyChunking, chunking, expectedEvents, generatedStream, serializeStream } from './sse-model'

interface ParseResult {
  events: AlarmStreamEvent[]
  lastEventIds: string[]
  retries: number[]
}

function parseChunks(chunks: readonly Uint8Array[], startId = ''): ParseResult {
  const result: ParseResult = { events: [], lastEventIds: [], retries: [] }
  const push = createEventStreamParser(startId, {
    onEvent: (event) => result.events.push(event),
    onLastEventId: (id) => result.lastEventIds.push(id),
    onRetry: (ms) => result.retries.push(ms),
  })
  for (const chunk of chunks) push(chunk)
  return result
}

/** Random bytes biased towards the ones that matter to the framing (colons, CR, LF, field names, BOM). */
const sseishBytes = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.uint8Array({ maxLength: 8 }) },
      {
        weight: 3,
        arbitrary: fc
          .constantFrom('data:', 'data: ', 'id:', 'event:', 'retry:', ':', '\n', '\r', '\r\n', '\n\n', '{"id":1,"content":"x"}', '\0', '알', '\uFEFF')
          .map((text) => new TextEncoder().encode(text)),
      },
      { weight: 1, arbitrary: fc.constant(Uint8Array.from([0xef, 0xbb, 0xbf])) },
      { weight: 1, arbitrary: fc.constant(Uint8Array.from([0xe1, 0x84])) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => {
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
    let offset = 0
    for (const part of parts) {
      bytes.set(part, offset)
      offset += part.length
    }
    return bytes
  })

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 400 }), sseishBytes)

describe('the stream parser under arbitrary input', () => {
  test('arbitrary bytes never throw, and any chunking yields the same events, ids and retries as one chunk', () => {
    fc.assert(
      fc.property(anyBytes, chunking, fc.constantFrom('', '7_1700000000000', '알림_3'), (bytes, how, startId) => {
        const whole = parseChunks([bytes], startId)
        const chunked = parseChunks(applyChunking(bytes, how), startId)
        expect(chunked).toEqual(whole)
        for (const event of whole.events) {
          expect(event.data).not.toBe('')
          expect(event.type).not.toBe('')
          expect(event.lastEventId).not.toContain('\0')
        }
      }),
      { numRuns: 400 },
    )
  })

  test('a generated valid stream gives exactly the WHATWG events, whatever the chunking', () => {
    fc.assert(
      fc.property(generatedStream, chunking, (stream, how) => {
        const bytes = serializeStream(stream)
        const { events } = parseChunks(applyChunking(bytes, how))
        expect(events).toEqual(expectedEvents(stream))
      }),
      { numRuns: 400 },
    )
  })

  test('a resume id persists into events without an id field, and NUL ids never replace it', () => {
    fc.assert(
      fc.property(generatedStream, chunking, fc.constantFrom('5_1700000000000', '🔔_9'), (stream, how, startId) => {
        const { events, lastEventIds } = parseChunks(applyChunking(serializeStream(stream), how), startId)
        expect(events).toEqual(expectedEvents(stream, startId))
        for (const id of lastEventIds) expect(id).not.toContain('\0')
      }),
      { numRuns: 200 },
    )
  })

  test('large inputs stay linear enough: 2 000 events in 7-byte chunks and a 100 000-char line in 1 KiB chunks', () => {
    const many = new TextEncoder().encode(Array.from({ length: 2000 }, (_, index) => `id:${index}\nevent:sse\ndata:{"n":${index}}\n\n`).join(''))
    const longLine = new TextEncoder().encode(`data:${'x'.repeat(100_000)}\n\n`)
    const startedAt = performance.now()
    const manyResult = parseChunks(applyChunking(many, { bytewise: false, cuts: Array.from({ length: many.length / 7 }, (_, index) => index * 7) }))
    const longResult = parseChunks(applyChunking(longLine, { bytewise: false, cuts: Array.from({ length: 100 }, (_, index) => index * 1024) }))
    const elapsedMs = performance.now() - startedAt
    expect(manyResult.events).toHaveLength(2000)
    expect(manyResult.events.at(-1)).toEqual({ type: 'sse', data: '{"n":1999}', lastEventId: '1999' })
    expect(longResult.events[0]?.data).toHaveLength(100_000)
    // A catastrophic (quadratic-per-byte or backtracking) parser takes minutes here; speed itself is bench/throughput's.
    expect(elapsedMs).toBeLessThan(10_000)
  })
})
