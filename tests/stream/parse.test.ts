import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createEventStreamParser } from '../../src/stream/parse'
import type { AlarmStreamEvent } from '../../src/stream/types'
import { SPRING_EVENTS, SPRING_STREAM } from './fixtures'

const utf8 = (text: string) => new TextEncoder().encode(text)

function parse(chunks: Uint8Array[], initialId = '') {
  const events: AlarmStreamEvent[] = []
  const ids: string[] = []
  const retries: number[] = []
  let heartbeats = 0
  const push = createEventStreamParser(initialId, {
    onEvent: (event) => events.push(event),
    onLastEventId: (id) => ids.push(id),
    onRetry: (ms) => retries.push(ms),
    onHeartbeat: () => heartbeats++,
  })
  for (const chunk of chunks) push(chunk)
  return { events, ids, retries, heartbeats }
}

/** Splits bytes at the given cut points (any positions, duplicates allowed). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point))
    start = point
  }
  return chunks
}

describe('event stream parser', () => {
  it('parses a Spring-style stream with a BOM, CRLF, CR-only and LF lines, comments and keep-alives', () => {
    const { events, ids, retries } = parse([utf8(SPRING_STREAM)])
    expect(events).toEqual(SPRING_EVENTS)
    expect(ids).toEqual(['7_1', '7_2', '7_3'])
    expect(retries).toEqual([3000])
  })

  it('reports comments and heartbeat or ping blocks as heartbeats, still dispatching those with data', () => {
    const stream = ':hb\n\n:\n\n: hi\n\nevent: ping\n\nevent:heartbeat\ndata:{"t":1}\n\nevent:PING\n\ndata:alarm\n\nevent:sse\ndata:x\n\n'
    const { events, heartbeats } = parse([utf8(stream)])
    expect(heartbeats).toBe(6)
    expect(events.map((event) => event.type)).toEqual(['heartbeat', 'message', 'sse'])
  })

  it('reports a comment split across chunks once, when its line ends', () => {
    const { heartbeats } = parse([utf8(':he'), utf8('art'), utf8('beat\r'), utf8('\n\r\n')])
    expect(heartbeats).toBe(1)
  })

  it('gives the same events one byte per chunk (split CRLF, split UTF-8, split BOM)', () => {
    const bytes = utf8(SPRING_STREAM)
    expect(parse(Array.from(bytes, (byte) => Uint8Array.of(byte))).events).toEqual(SPRING_EVENTS)
  })

  it('gives the same events for any chunking of the stream', () => {
    const bytes = utf8(SPRING_STREAM)
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 }), (cuts) => {
        expect(parse(splitAt(bytes, cuts)).events).toEqual(SPRING_EVENTS)
      }),
    )
  })

  it('strips only one leading BOM, and none that is not at the very start', () => {
    expect(parse([utf8('\uFEFFdata:a\n\n')]).events.map((event) => event.data)).toEqual(['a'])
    expect(parse([Uint8Array.of(0xef), Uint8Array.of(0xbb), Uint8Array.of(0xbf), utf8('data:a\n\n')]).events.map((event) => event.data)).toEqual(['a'])
    // A partial BOM followed by other bytes is data, not a BOM: the first line is a junk field name.
    expect(parse([Uint8Array.of(0xef, 0xbb), utf8('data:a\n\ndata:b\n\n')]).events.map((event) => event.data)).toEqual(['b'])
  })

  it('persists the last event id to later events and starts from the resume point', () => {
    const { events } = parse([utf8('data:a\n\nid:5\ndata:b\n\ndata:c\n\n')], '4')
    expect(events.map((event) => event.lastEventId)).toEqual(['4', '5', '5'])
  })

  it('commits an id only when its block ends, so a cut-off block never moves the resume point', () => {
    const { ids, events } = parse([utf8('id:1\ndata:a\n\nid:2\ndata:b\n')])
    expect(ids).toEqual(['1'])
    expect(events).toHaveLength(1)
  })

  it('ignores ids containing U+0000 and keeps Korean and emoji ids intact', () => {
    const { events, ids } = parse([utf8('id:알림_1\ndata:a\n\nid:x\0y\ndata:b\n\nid:🔔2\ndata:c\n\n')])
    expect(events.map((event) => event.lastEventId)).toEqual(['알림_1', '알림_1', '🔔2'])
    expect(ids).toEqual(['알림_1', '🔔2'])
  })

  it('resets the last event id on an empty id field', () => {
    const { events } = parse([utf8('id:1\ndata:a\n\nid:\ndata:b\n\n')])
    expect(events.map((event) => event.lastEventId)).toEqual(['1', ''])
  })

  it('never dispatches comments, keep-alives, retry-only, id-only, empty-data or unknown-field blocks', () => {
    const junk = ':\n\n: hi\n\nevent: ping\n\nretry: 10\n\nid: 3\n\ndata:\n\ndata\n\nfoo: bar\n\nDATA: x\n\n data: x\n\nevent: sse\n\n\n\n\n'
    const { events, retries } = parse([utf8(junk)])
    expect(events).toEqual([])
    expect(retries).toEqual([10])
  })

  it('reports retry values of ASCII digits only, zero included, for the caller to floor (WHATWG ignores the rest)', () => {
    expect(parse([utf8('retry:-1\n\nretry: 0\n\nretry: soon\n\nretry: 12abc\n\nretry:250\n\n')]).retries).toEqual([0, 250])
  })

  it('keeps a leading empty data line and a U+FEFF at the start of a value; a bare field name has an empty value', () => {
    const { events } = parse([utf8('data:\ndata:x\n\ndata:\uFEFFy\n\ndata\ndata\n\nevent\ndata:z\n\n')])
    expect(events).toEqual([
      { type: 'message', data: '\nx', lastEventId: '' },
      { type: 'message', data: '\uFEFFy', lastEventId: '' },
      { type: 'message', data: '\n', lastEventId: '' },
      { type: 'message', data: 'z', lastEventId: '' },
    ])
  })

  it('parses 100 events arriving in one chunk', () => {
    const burst = Array.from({ length: 100 }, (_, index) => `id:${index}\nevent:sse\ndata:{"n":${index}}\n\n`).join('')
    const { events } = parse([utf8(burst)])
    expect(events).toHaveLength(100)
    expect(events[99]).toEqual({ type: 'sse', data: '{"n":99}', lastEventId: '99' })
  })

  it('parses a 100 000-character data line split across many chunks', () => {
    const line = 'x'.repeat(50_000) + '가'.repeat(50_000)
    const bytes = utf8(`data:${line}\n\n`)
    const chunks = splitAt(bytes, Array.from({ length: 97 }, (_, index) => index * 1601 + 3))
    expect(parse(chunks).events).toEqual([{ type: 'message', data: line, lastEventId: '' }])
  })
})
