import { afterEach, describe, expect, it } from 'vitest'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { SPRING_EVENTS, SPRING_STREAM } from './fixtures'
import { byteChunks, closeAllStreams, sleep, waitUntil, watchStream } from './harness'

let server: ScriptedServer | undefined
afterEach(async () => {
  closeAllStreams()
  await server?.close()
  server = undefined
})

describe('the stream over real HTTP: framing', () => {
  it('delivers the same events when the body arrives one byte per chunk (BOM, CRLF, CR-only, mixed ends)', async () => {
    server = await startScriptedServer([{ body: byteChunks(SPRING_STREAM), then: 'hold' }])
    const { events, stream } = watchStream({ url: server.url })
    await waitUntil(() => expect(events).toHaveLength(4), 10_000)
    expect(events).toEqual(SPRING_EVENTS)
    expect(stream.lastEventId).toBe('7_3')
  })

  it('delivers events whose CRLF and UTF-8 sequences are split between chunks', async () => {
    const bytes = new TextEncoder().encode('id:알림\r\ndata:🔔 불\r\n\r\n')
    const crAt = bytes.indexOf(0x0d)
    const emojiAt = bytes.indexOf(0xf0)
    server = await startScriptedServer([
      { body: [bytes.slice(0, crAt + 1), { delayMs: 5 }, bytes.slice(crAt + 1, emojiAt + 2), { delayMs: 5 }, bytes.slice(emojiAt + 2)], then: 'hold' },
    ])
    const { events } = watchStream({ url: server.url })
    await waitUntil(() => expect(events).toHaveLength(1))
    expect(events[0]).toEqual({ type: 'message', data: '🔔 불', lastEventId: '알림' })
  })

  it('delivers 100 events written in one chunk, in order', async () => {
    const burst = Array.from({ length: 100 }, (_, index) => `id:${index}\nevent:sse\ndata:{"n":${index}}\n\n`).join('')
    server = await startScriptedServer([{ body: [burst], then: 'hold' }])
    const { events } = watchStream({ url: server.url })
    await waitUntil(() => expect(events).toHaveLength(100))
    expect(events.map((event) => JSON.parse(event.data).n)).toEqual(Array.from({ length: 100 }, (_, index) => index))
  })

  it('delivers a 100 000-character line written in pieces', async () => {
    const line = 'ab가'.repeat(33_334).slice(0, 100_000)
    server = await startScriptedServer([{ body: byteChunks(`data:${line}\n\n`, 7919, 1), then: 'hold' }])
    const { events } = watchStream({ url: server.url })
    await waitUntil(() => expect(events).toHaveLength(1))
    expect(events[0]!.data).toBe(line)
  })

  it('never dispatches comments, keep-alives, retry-only, id-only, empty-data or unknown-field blocks', async () => {
    const junk = ':\n\n: hi\n\nevent: ping\n\nretry: 50\n\nid: 3\n\ndata:\n\ndata\n\nfoo: bar\n\nDATA: x\n\n data: x\n\nevent: sse\n\n\n\n'
    server = await startScriptedServer([{ body: [junk, 'data: real\n\n'], then: 'hold' }])
    const { events } = watchStream({ url: server.url })
    await waitUntil(() => expect(events).toHaveLength(1))
    await sleep(50)
    expect(events).toEqual([{ type: 'message', data: 'real', lastEventId: '3' }])
  })
})

describe('the stream over real HTTP: Last-Event-ID on the wire', () => {
  it('sends the resume point first, then the UTF-8 bytes of Korean and emoji ids, skipping ids with NUL', async () => {
    server = await startScriptedServer([
      { body: ['id:알림_1\ndata:a\n\n'] },
      { body: ['id:x\0y\ndata:b\n\n'] },
      { body: ['id:🔔_2\ndata:c\n\n'] },
      { body: ['id:only-id\n\n'] },
      { body: ['id\ndata:d\n\nid:\ndata:e\n\n'] },
    ])
    const { events } = watchStream({ url: server.url, lastEventId: '0_start' })
    await server.waitForRequests(6)
    const sent = server.requests.map((request) => request.lastEventIdBytes)
    expect(sent[0]).toEqual(Buffer.from('0_start'))
    expect(sent[1]).toEqual(Buffer.from('알림_1', 'utf8'))
    expect(sent[2]).toEqual(Buffer.from('알림_1', 'utf8'))
    expect(sent[3]).toEqual(Buffer.from('🔔_2', 'utf8'))
    expect(sent[4]).toEqual(Buffer.from('only-id'))
    // A bare `id` line and `id:` with an empty value both reset the id (WHATWG): no header at all.
    expect(sent[5]).toBeUndefined()
    expect(events.map((event) => event.lastEventId)).toEqual(['알림_1', '알림_1', '🔔_2', '', ''])
  })

  it('keeps the resume point when the connection drops in the middle of a block', async () => {
    server = await startScriptedServer([{ body: ['id:1\ndata:a\n\nid:2\ndata:b', { delayMs: 30 }], then: 'destroy' }])
    const { events, stream } = watchStream({ url: server.url })
    await server.waitForRequests(2)
    expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('1'))
    expect(events.map((event) => event.data)).toEqual(['a'])
    expect(stream.lastEventId).toBe('1')
  })
})
