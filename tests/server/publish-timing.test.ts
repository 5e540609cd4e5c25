import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, createStreamTracker, parseBlocks, type RawStream } from './raw-client'
import { testApiPerSuite } from '../helpers/test-api-per-suite'

// Timers may fire a little early or late; spacing is checked against the interval minus this slack.
const SLACK_MS = 25

function alarmContents(stream: RawStream): string[] {
  return parseBlocks(stream.text())
    .filter((event) => event.data?.startsWith('{'))
    .map((event) => (JSON.parse(event.data!) as { content: string }).content)
}

/** Chunks received after the first `skip` bytes, as text. */
function chunksAfter(stream: RawStream, skip: number): string[] {
  const texts: string[] = []
  let offset = 0
  for (const chunk of stream.chunks) {
    if (offset >= skip) texts.push(chunk.toString('utf8'))
    offset += chunk.length
  }
  return texts
}

describe('POST /api/test/publish with real timing', () => {
  const { api, url } = testApiPerSuite()
  let token: string
  const streams = createStreamTracker(url)

  beforeAll(async () => {
    token = (await api.login(1)).accessToken
  })
  afterEach(async () => {
    streams.closeAll()
    await api.resetFaults()
  })

  it('inserts and sends one alarm every intervalMs, answering once all are published', async () => {
    const stream = await streams.subscribe(token)
    await stream.waitFor('\n\n')
    const started = Date.now()
    const publishing = api.publishMany(1, { content: 'spaced', count: 4, intervalMs: 150 })
    const arrivals: number[] = []
    for (let i = 1; i <= 4; i++) {
      await stream.waitFor(`spaced #${i}"`)
      arrivals.push(Date.now())
    }
    const items = await publishing
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - SLACK_MS)
    expect(items.map((alarm) => alarm.content)).toEqual(['spaced #1', 'spaced #2', 'spaced #3', 'spaced #4'])
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(150 - SLACK_MS)
    const created = items.map((alarm) => Date.parse(`${alarm.createdAt}Z`))
    for (let i = 1; i < created.length; i++) expect(created[i]! - created[i - 1]!).toBeGreaterThanOrEqual(150 - SLACK_MS)
  })

  it('stores one alarm at a time: REST sees the first before the last is published', async () => {
    const stream = await streams.subscribe(token)
    await stream.waitFor('\n\n')
    const before = (await api.listAlarms(token)).total
    const publishing = api.publishMany(1, { content: 'one by one', count: 3, intervalMs: 200 })
    await stream.waitFor('one by one #1"')
    expect((await api.listAlarms(token)).total).toBe(before + 1)
    await publishing
    expect((await api.listAlarms(token)).total).toBe(before + 3)
  })

  it('writes each line of a slow event as its own chunk, and the stream stays valid', async () => {
    const stream = await streams.subscribe(token)
    const handshake = await stream.waitFor('\n\n')
    const alarm = await api.publish(1, { content: '느린 "slow" 알림', slow: true })
    await stream.waitFor((text) => text.length > handshake.length && text.endsWith('\n\n'))
    const lines = chunksAfter(stream, Buffer.byteLength(handshake))
    expect(lines).toEqual([expect.stringMatching(/^id:1_\d+\n$/), 'event:sse\n', `data:${JSON.stringify(alarm)}\n`, '\n'])
    expect(parseBlocks(stream.text())[1]).toEqual({ id: lines[0]!.slice(3, -1), event: 'sse', data: JSON.stringify(alarm) })
  })

  it('answers a slow publish only after its lines are written', async () => {
    const stream = await streams.subscribe(token)
    const handshake = await stream.waitFor('\n\n')
    await api.publish(1, { content: 'flushed first', slow: true })
    // The last line left the server before the answer did; give the loopback a moment to deliver it.
    await stream.waitFor((text) => text.length > handshake.length && text.endsWith('\n\n'), 500)
    expect(alarmContents(stream)).toEqual(['flushed first'])
  })

  it('combines intervalMs, slow and the split fault into one valid, spread stream', async () => {
    await api.fault({ type: 'split', mode: 'random', count: 1 })
    const stream = await streams.subscribe(token)
    const handshake = await stream.waitFor('\r\n\r\n')
    const items = await api.publishMany(1, { content: 'all at once 🔔', count: 3, intervalMs: 60, slow: true })
    await stream.waitFor((text) => text.split('\r\n\r\n').length === 5)
    expect(alarmContents(stream)).toEqual(items.map((alarm) => alarm.content))
    // Every line of every event still arrived on its own: no chunk spans a line end.
    for (const chunk of chunksAfter(stream, Buffer.byteLength(handshake))) {
      expect(chunk.slice(0, -1)).not.toContain('\n')
    }
  })

  it('rejects bad timing options with 400 and publishes nothing', async () => {
    const before = (await api.listAlarms(token)).total
    for (const body of [
      { intervalMs: -1, count: 2 },
      { intervalMs: 1.5, count: 2 },
      { intervalMs: '10', count: 2 },
      { intervalMs: 20_000, count: 2 },
      { intervalMs: 10_000, count: 100 },
      { slow: 'yes' },
    ]) {
      const response = await call(url(), 'POST', '/api/test/publish', { body: JSON.stringify({ userId: 1, content: 'x', ...body }) })
      expect(response.status, JSON.stringify(body)).toBe(400)
    }
    expect((await api.listAlarms(token)).total).toBe(before)
  })
})
