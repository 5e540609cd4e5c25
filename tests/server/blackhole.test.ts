import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { createStreamTracker, openRaw, parseBlocks, type RawStream } from './raw-client'

const HEARTBEAT_MS = 50
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** 'open' when the stream has neither ended nor failed within `ms`. */
function stateAfter(stream: RawStream, ms: number): Promise<'end' | 'error' | 'open'> {
  return Promise.race([stream.finished, sleep(ms).then(() => 'open' as const)])
}

/** Waits until the stream has a heartbeat after its handshake, then returns the text received by then. */
async function settled(stream: RawStream): Promise<string> {
  return stream.waitFor((text) => text.includes(':heartbeat\n\n'))
}

describe('the blackhole fault', () => {
  let server: TestServer
  let api: TestApiClient
  let token: string
  const streams = createStreamTracker(() => server.url)

  beforeAll(async () => {
    server = await startTestApi({ heartbeatMs: HEARTBEAT_MS })
    api = createTestApiClient(server.url)
    token = (await api.login(1)).accessToken
  })
  afterEach(() => streams.closeAll())
  afterAll(() => server.close())

  it('silences every open stream, heartbeats and alarms included, while its socket stays open', async () => {
    const silent = [await streams.subscribe(token), await streams.subscribe(token)]
    await Promise.all(silent.map(settled))
    expect((await api.blackhole()).active).toEqual([])
    // Bytes written just before the fault may still be on their way.
    await sleep(20)
    const received = silent.map((stream) => stream.text())
    await api.publish(1, { content: 'into the void' })
    for (const [index, stream] of silent.entries()) {
      expect(await stateAfter(stream, 4 * HEARTBEAT_MS)).toBe('open')
      expect(stream.text()).toBe(received[index])
    }
    // The server still holds them, as a backend whose emitters wait for a TCP timeout would.
    const stats = await api.stats()
    expect(stats.openStreams).toEqual({ '1': 2 })
    expect(stats.blackholedStreams).toBe(2)
  })

  it('lets streams opened afterwards work normally, replaying what the silenced one missed', async () => {
    const silent = await streams.subscribe(token)
    await settled(silent)
    await api.publish(1, { content: 'last heard' })
    const lastHeard = parseBlocks(await silent.waitFor('last heard')).filter((event) => event.data?.startsWith('{')).at(-1)!
    await api.blackhole()
    const missed = await api.publish(1, { content: 'missed in silence' })
    expect((await api.listAlarms(token)).items[0]).toEqual(missed)

    const fresh = await streams.subscribe(token, lastHeard.id)
    await fresh.waitFor('missed in silence')
    const later = await api.publish(1, { content: 'live again' })
    await fresh.waitFor('live again')
    await fresh.waitFor((text) => text.split(':heartbeat').length > 2)
    const alarms = parseBlocks(fresh.text()).filter((event) => event.data?.startsWith('{')).map((event) => JSON.parse(event.data!).id)
    expect(alarms).toEqual([missed.id, later.id])
    expect(silent.text()).not.toContain('missed in silence')
  })

  it('forgets a silenced stream once the client closes it', async () => {
    await api.blackhole() // whatever earlier tests left open
    streams.closeAll()
    await expect.poll(async () => (await api.stats()).blackholedStreams).toBe(0)
    const silent = await streams.subscribe(token)
    await settled(silent)
    await api.blackhole()
    expect((await api.stats()).blackholedStreams).toBe(1)
    silent.close()
    await expect.poll(async () => [(await api.stats()).blackholedStreams, (await api.stats()).totalOpenStreams]).toEqual([0, 0])
  })

  it('loses the end too: a drop after the blackhole ends only the streams opened since', async () => {
    const silent = await streams.subscribe(token)
    await settled(silent)
    await api.blackhole()
    const healthy = await streams.subscribe(token)
    await settled(healthy)
    await api.fault({ type: 'drop' })
    expect(await healthy.finished).toBe('end')
    expect(await stateAfter(silent, 200)).toBe('open')
  })
})

describe('the blackhole fault and the stream lifetime', () => {
  it('never delivers the emitter timeout\u2019s end, and close() still releases the silenced socket', async () => {
    const server = await startTestApi({ emitterTimeoutMs: 200 })
    const api = createTestApiClient(server.url)
    const { accessToken } = await api.login(1)
    const silent = await openRaw(server.url, { token: accessToken })
    try {
      await silent.waitFor('\n\n')
      await api.blackhole()
      expect(await stateAfter(silent, 400)).toBe('open')
      // The server ended it on its side: no longer counted as an open emitter, but the socket is still there.
      const stats = await api.stats()
      expect([stats.totalOpenStreams, stats.blackholedStreams]).toEqual([0, 1])
      await server.close()
      expect(await silent.finished).toBe('error')
    } finally {
      silent.close()
      await server.close()
    }
  })
})
