import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, createStreamTracker, parseBlocks, type RawStream } from './raw-client'
import { testApiPerSuite } from '../helpers/test-api-per-suite'

describe('fault switches on GET /api/subscribe', () => {
  const { api, url } = testApiPerSuite()
  let token: string
  const streams = createStreamTracker(url)
  const subscribe = (lastEventId?: string): Promise<RawStream> => streams.subscribe(token, lastEventId)

  beforeAll(async () => {
    token = (await api.login(1)).accessToken
  })
  afterEach(async () => {
    streams.closeAll()
    await api.resetFaults()
  })

  it.each([
    { status: 401 },
    { status: 403 },
    { status: 404 },
    { status: 429, retryAfter: 2 },
    { status: 503, retryAfter: 1 },
    { status: 500 },
    { status: 200, contentType: 'application/json' },
    { status: 401, contentType: 'text/event-stream' },
  ])('answers status %o with its content type and Retry-After for the next request only', async (fault) => {
    await api.fault({ type: 'status', ...fault, count: 1 })
    const failed = await subscribe()
    expect(failed.status).toBe(fault.status)
    expect(failed.headers['content-type']).toBe(fault.contentType ?? 'application/json')
    expect(failed.headers['retry-after']).toBe(fault.retryAfter === undefined ? undefined : String(fault.retryAfter))
    expect(await failed.finished).toBe('end')
    if (fault.contentType === 'text/event-stream') {
      expect(failed.text()).toMatch(/^event:error\ndata:\{"error":\{"status":401,/)
    } else {
      expect(JSON.parse(failed.text())).toEqual({ error: { status: fault.status, message: expect.any(String) } })
    }
    const healthy = await subscribe()
    expect(healthy.status).toBe(200)
    expect(await healthy.waitFor('\n\n')).toContain('EventStream Created.')
  })

  it('answers 204 with an empty body, for `count` requests, then streams again', async () => {
    await api.fault({ type: 'status', status: 204, count: 2 })
    for (let i = 0; i < 2; i++) {
      const stream = await subscribe()
      expect(stream.status).toBe(204)
      expect(await stream.finished).toBe('end')
      expect(stream.text()).toBe('')
    }
    expect((await subscribe()).status).toBe(200)
  })

  it('keeps a fault without count until reset', async () => {
    const { active } = await api.fault({ type: 'status', status: 503 })
    expect(active).toEqual([{ type: 'status', status: 503, remaining: null }])
    for (let i = 0; i < 3; i++) expect((await subscribe()).status).toBe(503)
    expect((await api.resetFaults()).active).toEqual([])
    expect((await subscribe()).status).toBe(200)
  })

  it('drop ends every open stream cleanly, at once', async () => {
    const streams = [await subscribe(), await subscribe()]
    await Promise.all(streams.map((stream) => stream.waitFor('\n\n')))
    await api.fault({ type: 'drop' })
    for (const stream of streams) expect(await stream.finished).toBe('end')
    expect((await api.stats()).totalOpenStreams).toBe(0)
    expect((await api.fault({ type: 'drop' })).active).toEqual([])
    expect((await subscribe()).status).toBe(200)
  })

  it('cut writes half of the next alarm event, then destroys the socket', async () => {
    await api.fault({ type: 'cut', count: 1 })
    const cut = await subscribe()
    const handshake = await cut.waitFor('\n\n')
    const healthy = await subscribe()
    await healthy.waitFor('\n\n')
    await api.publish(1, { content: '잘린 이벤트 cut me' })
    const full = (await healthy.waitFor('cut me')).split('\n\n')[1]! + '\n\n'
    expect(await cut.finished).toBe('error')
    const received = Buffer.concat(cut.chunks).subarray(Buffer.byteLength(handshake))
    const expected = Buffer.from(full, 'utf8')
    expect(received.length).toBe(Math.floor(expected.length / 2))
    expect(received.equals(expected.subarray(0, received.length))).toBe(true)
  })

  it('split byte writes every event byte by byte with CRLF line ends', async () => {
    await api.fault({ type: 'split', mode: 'byte', count: 1 })
    const stream = await subscribe()
    const text = await stream.waitFor('\r\n\r\n')
    expect(text).toMatch(/^id:1_\d+\r\nevent:sse\r\ndata:EventStream Created\. \[userId=1\]\r\n\r\n$/)
    // Coalescing on the client side may merge a few; most arrive alone.
    expect(stream.chunks.length).toBeGreaterThan(Buffer.byteLength(text) / 2)
    expect(stream.chunks.every((chunk) => chunk.length <= 8)).toBe(true)
  })

  it('split random cuts inside CRLF pairs and inside UTF-8 sequences', async () => {
    await api.fault({ type: 'split', mode: 'random', count: 1 })
    const stream = await subscribe()
    await stream.waitFor('\r\n\r\n')
    await api.publish(1, { content: '알림이 도착했습니다 🔔 둘째 줄' })
    await stream.waitFor('둘째 줄')
    await stream.waitFor((text) => text.endsWith('\r\n\r\n'))
    const bytes = Buffer.concat(stream.chunks)
    let offset = 0
    let splitCrlf = 0
    let splitUtf8 = 0
    for (const chunk of stream.chunks.slice(0, -1)) {
      offset += chunk.length
      if (bytes[offset - 1] === 0x0d && bytes[offset] === 0x0a) splitCrlf++
      if (((bytes[offset] ?? 0) & 0xc0) === 0x80) splitUtf8++
    }
    expect(splitCrlf).toBeGreaterThan(0)
    expect(splitUtf8).toBeGreaterThan(0)
    const events = parseBlocks(bytes.toString('utf8'))
    expect(JSON.parse(events[1]!.data!).content).toBe('알림이 도착했습니다 🔔 둘째 줄')
    expect(bytes.toString('utf8')).not.toMatch(/[^\r]\n/)
  })

  it('junk writes malformed, unknown, empty, comment, ping, retry-only and id-only blocks after the handshake', async () => {
    await api.fault({ type: 'junk', count: 1 })
    const stream = await subscribe()
    await stream.waitFor('retry:3000\n\n')
    await stream.waitFor((text) => /\nid:[^\n]+\n\n$/.test(text))
    const text = stream.text()
    const [handshake, ...rest] = text.split('\n\n').filter((block) => block !== '')
    expect(handshake).toContain('data:EventStream Created.')
    expect(rest).toEqual([
      'event:sse\ndata:{"id":oops, not json',
      'event:mystery\ndata:{"id":999999,"content":"unknown event name"}',
      'event:sse\ndata:',
      ':just a comment',
      'event:ping',
      'event: ping\ndata: ',
      'retry:3000',
      expect.stringMatching(/^id:1_\d+$/),
    ])
    // The id-only block carries a real id: resuming after it replays what came later.
    const idOnly = rest.at(-1)!.slice('id:'.length)
    stream.close()
    const later = await api.publish(1, { content: 'after junk' })
    const resumed = await subscribe(idOnly)
    await resumed.waitFor('after junk')
    expect(parseBlocks(resumed.text()).filter((event) => event.data?.startsWith('{')).map((event) => JSON.parse(event.data!).id)).toEqual([
      later.id,
    ])
  })

  it('resend writes each alarm twice with the same id', async () => {
    await api.fault({ type: 'resend', count: 1 })
    const stream = await subscribe()
    await stream.waitFor('\n\n')
    await api.publish(1, { content: 'twice' })
    const text = await stream.waitFor((value) => value.split('twice').length === 3)
    const blocks = text.split('\n\n').filter((block) => block !== '')
    expect(blocks).toHaveLength(3)
    expect(blocks[1]).toBe(blocks[2])
  })

  it.each([
    ['nul', /^1\u00000*\d+$/],
    ['korean', /^알림_1_\d+$/],
    ['emoji', /^🔔_1_\d+$/],
    ['spring', /^1_\d+$/],
  ] as const)('ids %s gives every event id on the stream that format', async (format, pattern) => {
    await api.fault({ type: 'ids', format, count: 1 })
    const stream = await subscribe()
    await stream.waitFor('\n\n')
    await api.publish(1, { content: `id format ${format}` })
    await stream.waitFor(`id format ${format}`)
    const ids = parseBlocks(stream.text()).map((event) => event.id)
    expect(ids).toHaveLength(2)
    for (const id of ids) expect(id).toMatch(pattern)
  })

  it('replays after an emoji id sent back as UTF-8 bytes', async () => {
    await api.fault({ type: 'ids', format: 'emoji', count: 1 })
    const stream = await subscribe()
    const id = parseBlocks(await stream.waitFor('\n\n'))[0]!.id!
    expect(id.startsWith('🔔_')).toBe(true)
    stream.close()
    const missed = await api.publish(1, { content: 'after emoji' })
    const resumed = await subscribe(id)
    await resumed.waitFor('after emoji')
    expect(parseBlocks(resumed.text())[1]?.data).toBe(JSON.stringify(missed))
  })

  it.each([
    ['0', 'retry:0'],
    ['-1', 'retry:-1'],
    ['junk', 'retry:soon'],
  ] as const)('retry %s writes `%s` right after the handshake', async (value, line) => {
    await api.fault({ type: 'retry', value, count: 1 })
    const stream = await subscribe()
    const text = await stream.waitFor((received) => received.split('\n\n').length >= 3)
    expect(text.split('\n\n')[1]).toBe(line)
  })

  it('delay holds back the headers and first byte', async () => {
    await api.fault({ type: 'delay', ms: 300, count: 1 })
    const started = Date.now()
    const stream = await subscribe()
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    await stream.waitFor('\n\n')
    const quick = Date.now()
    await (await subscribe()).waitFor('\n\n')
    expect(Date.now() - quick).toBeLessThan(250)
  })

  it('logs a request the client gave up on during the delay as 499, not as a stream that was sent', async () => {
    await api.fault({ type: 'delay', ms: 300, count: 1 })
    await api.resetStats()
    const aborted = new AbortController()
    const request = fetch(`${url()}/api/subscribe`, { headers: { Authorization: `Bearer ${token}` }, signal: aborted.signal }).catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    aborted.abort()
    await request
    await new Promise((resolve) => setTimeout(resolve, 400))
    const logged = (await api.stats()).requestLog.filter((entry) => entry.path.startsWith('/api/subscribe'))
    expect(logged.map((entry) => entry.status)).toEqual([499])
  })

  it('applies to subscribe only: REST keeps answering', async () => {
    await api.fault({ type: 'status', status: 500 })
    expect(await api.count(token)).toBeGreaterThanOrEqual(0)
  })

  it('accepts several faults at once and rejects unknown ones with 400, changing nothing', async () => {
    const { active } = await api.fault([
      { type: 'junk', count: 2 },
      { type: 'retry', value: '0' },
    ])
    expect(active).toEqual([
      { type: 'junk', count: 2, remaining: 2 },
      { type: 'retry', value: '0', remaining: null },
    ])
    for (const body of [
      { type: 'bogus' },
      { type: 'status', status: 418 },
      { type: 'split', mode: 'word' },
      { faults: [{ type: 'drop' }, { type: 'cut', count: 0 }] },
      { type: 'delay', ms: -1 },
    ]) {
      expect((await call(url(), 'POST', '/api/test/faults', { body: JSON.stringify(body) })).status).toBe(400)
    }
    expect((await api.fault([])).active).toHaveLength(2)
  })
})
