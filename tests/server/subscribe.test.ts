import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { createStreamTracker, openRaw, parseBlocks, type RawStream } from './raw-client'

const HANDSHAKE = /^id:(\d+)_(\d+)\nevent:sse\ndata:EventStream Created\. \[userId=(\d+)\]\n\n/

function alarmEvents(stream: RawStream) {
  return parseBlocks(stream.text())
    .filter((event) => event.data?.startsWith('{'))
    .map((event) => ({ id: event.id, alarm: JSON.parse(event.data!) as { id: number; content: string } }))
}

describe('GET /api/subscribe', () => {
  let server: TestServer
  let api: TestApiClient
  let alice: string
  let bob: string
  const streams = createStreamTracker(() => server.url)
  const subscribe = streams.subscribe

  beforeAll(async () => {
    server = await startTestApi()
    api = createTestApiClient(server.url)
    alice = (await api.login(1)).accessToken
    bob = (await api.login(2)).accessToken
  })
  afterAll(async () => {
    streams.closeAll()
    await server.close()
  })

  it('answers with SSE headers and the Spring handshake, then each alarm in Spring wire format', async () => {
    const stream = await subscribe(alice)
    expect(stream.status).toBe(200)
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(stream.headers['cache-control']).toBe('no-cache')
    expect(stream.headers['x-accel-buffering']).toBe('no')
    const handshake = await stream.waitFor('\n\n')
    const match = HANDSHAKE.exec(handshake)
    expect(match?.[1]).toBe('1')
    expect(match?.[3]).toBe('1')
    expect(Math.abs(Number(match?.[2]) - Date.now())).toBeLessThan(5_000)

    const alarm = await api.publish(1, { content: '새 댓글 "hi"', url: '/posts/3' })
    const text = await stream.waitFor((value) => value.split('\n\n').length >= 3)
    const block = text.slice(handshake.length)
    expect(block).toMatch(/^id:1_\d+\nevent:sse\ndata:\{.*\}\n\n$/)
    expect(JSON.parse(block.split('\n')[2]!.slice('data:'.length))).toEqual(alarm)
  })

  it('issues unique, increasing Spring ids even within one millisecond', async () => {
    const stream = await subscribe(alice)
    await stream.waitFor('\n\n')
    await api.publishMany(1, { content: 'burst', count: 20 })
    await stream.waitFor((text) => alarmEvents({ text: () => text } as RawStream).length === 20)
    const ids = parseBlocks(stream.text()).map((event) => event.id!)
    expect(new Set(ids).size).toBe(ids.length)
    const millis = ids.map((id) => Number(id.split('_')[1]))
    expect(millis).toEqual([...millis].sort((a, b) => a - b))
  })

  it('pushes alarms only to streams of the alarm\u2019s user', async () => {
    const aliceStream = await subscribe(alice)
    const bobStream = await subscribe(bob)
    await Promise.all([aliceStream.waitFor('\n\n'), bobStream.waitFor('\n\n')])
    await api.publish(2, { content: 'only bob' })
    await api.publish(1, { content: 'only alice' })
    await aliceStream.waitFor('only alice')
    await bobStream.waitFor('only bob')
    expect(aliceStream.text()).not.toContain('only bob')
    expect(bobStream.text()).not.toContain('only alice')
    expect(bobStream.text()).toContain('[userId=2]')
  })

  it('replays exactly the alarms after a Last-Event-ID, after a fresh handshake', async () => {
    const first = await subscribe(alice)
    const handshake = parseBlocks(await first.waitFor('\n\n'))[0]!
    const published = await api.publishMany(1, { content: 'replay', count: 3 })
    await first.waitFor('replay #3')
    const delivered = alarmEvents(first)
    first.close()
    await api.publish(2, { content: 'bob, not for replay' })
    const missed = await api.publish(1, { content: 'missed while away' })

    // Resume after the handshake: everything published since.
    const afterHandshake = await subscribe(alice, handshake.id)
    await afterHandshake.waitFor('missed while away')
    const blocks = parseBlocks(afterHandshake.text())
    expect(blocks[0]!.data).toBe('EventStream Created. [userId=1]')
    expect(blocks[0]!.id).not.toBe(handshake.id)
    expect(alarmEvents(afterHandshake).map((event) => event.alarm.id)).toEqual([...published.map((alarm) => alarm.id), missed.id])
    // Replayed events carry the ids they were first delivered with.
    expect(alarmEvents(afterHandshake).slice(0, 3).map((event) => event.id)).toEqual(delivered.map((event) => event.id))

    // Resume after the second alarm: the third and the missed one.
    const afterSecond = await subscribe(alice, delivered[1]!.id)
    await afterSecond.waitFor('missed while away')
    expect(alarmEvents(afterSecond).map((event) => event.alarm.id)).toEqual([published[2]!.id, missed.id])
  })

  it('replays nothing for an unknown id or another user\u2019s id', async () => {
    const bobStream = await subscribe(bob)
    await bobStream.waitFor('\n\n')
    await api.publish(2, { content: 'bob secret' })
    const bobEvent = parseBlocks(await bobStream.waitFor('bob secret')).at(-1)!
    await api.publish(1, { content: 'alice after bob' })

    for (const lastEventId of ['no-such-id', '1_1', bobEvent.id!]) {
      const stream = await subscribe(alice, lastEventId)
      await stream.waitFor('\n\n')
      await api.publish(1, { content: `marker ${lastEventId}` })
      await stream.waitFor(`marker ${lastEventId}`)
      const contents = alarmEvents(stream).map((event) => event.alarm.content)
      expect(contents).toEqual([`marker ${lastEventId}`])
    }
  })

  it('decodes a Last-Event-ID sent as UTF-8 bytes and resumes after a Korean id it issued', async () => {
    await api.fault({ type: 'ids', format: 'korean', count: 1 })
    const korean = await subscribe(alice)
    await korean.waitFor('\n\n')
    await api.publish(1, { content: 'first korean' })
    const koreanEvent = parseBlocks(await korean.waitFor('first korean')).at(-1)!
    expect(koreanEvent.id).toMatch(/^알림_1_\d+$/)
    korean.close()
    const next = await api.publish(1, { content: 'after korean' })

    const resumed = await subscribe(alice, koreanEvent.id)
    await resumed.waitFor('after korean')
    expect(alarmEvents(resumed).map((event) => event.alarm.id)).toEqual([next.id])
    // Fault was for one subscribe only: ids are Spring-style again.
    expect(parseBlocks(resumed.text()).every((event) => /^1_\d+$/.test(event.id ?? ''))).toBe(true)
    const log = (await api.stats()).requestLog.filter((entry) => entry.lastEventId === koreanEvent.id)
    expect(log).toHaveLength(1)
  })

  it('reports open streams per user and forgets closed ones', async () => {
    streams.closeAll()
    const a = await subscribe(alice)
    const b1 = await subscribe(bob)
    const b2 = await subscribe(bob)
    await Promise.all([a, b1, b2].map((stream) => stream.waitFor('\n\n')))
    await expect.poll(async () => (await api.stats()).openStreams).toEqual({ '1': 1, '2': 2 })
    b1.close()
    await expect.poll(async () => (await api.stats()).totalOpenStreams).toBe(2)
    expect((await api.stats()).requests['GET /api/subscribe']).toBeGreaterThan(3)
  })
})

describe('stream lifetime', () => {
  it('ends the stream normally after the emitter timeout and writes heartbeat comments when enabled', async () => {
    const server = await startTestApi({ emitterTimeoutMs: 400, heartbeatMs: 100 })
    try {
      const api = createTestApiClient(server.url)
      const { accessToken } = await api.login(5)
      const stream = await openRaw(server.url, { token: accessToken })
      const started = Date.now()
      expect(await stream.finished).toBe('end')
      expect(Date.now() - started).toBeGreaterThanOrEqual(350)
      const heartbeats = stream.text().split(':heartbeat\n\n').length - 1
      expect(heartbeats).toBeGreaterThanOrEqual(2)
      expect((await api.stats()).totalOpenStreams).toBe(0)
    } finally {
      await server.close()
    }
  })

  it('writes no heartbeat by default, and close() ends every open stream', async () => {
    const server = await startTestApi()
    const api = createTestApiClient(server.url)
    const { accessToken } = await api.login(6)
    const streams = await Promise.all([openRaw(server.url, { token: accessToken }), openRaw(server.url, { token: accessToken })])
    await Promise.all(streams.map((stream) => stream.waitFor('\n\n')))
    await new Promise((resolve) => setTimeout(resolve, 150))
    await server.close()
    for (const stream of streams) {
      expect(await stream.finished).toBe('end')
      expect(stream.text()).not.toContain(':heartbeat')
    }
  })
})
