import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { closeAllStreams, sleep, waitUntil, watchStream, type WatchedStream } from './harness'

let server: TestServer
let api: TestApiClient
/** A fresh user per test keeps streams and replays apart. */
let nextUserId = 100

beforeAll(async () => {
  server = await startTestApi()
  api = createTestApiClient(server.url)
})
afterAll(async () => {
  await server.close()
})
beforeEach(async () => {
  await api.resetFaults()
  await api.resetStats()
})
afterEach(() => closeAllStreams())

async function subscribeLog() {
  return (await api.stats()).requestLog.filter((entry) => entry.path.startsWith('/api/subscribe'))
}

/** Contents of the alarms received; junk (bad JSON, other event names) is the alarms layer's to drop, so skip it here. */
function alarmContents(watched: WatchedStream): string[] {
  return watched.events.flatMap((event) => {
    if (event.type !== 'sse') return []
    try {
      const parsed = JSON.parse(event.data) as { content?: unknown }
      return typeof parsed.content === 'string' ? [parsed.content] : []
    } catch {
      return []
    }
  })
}

async function openForNewUser(extra: Partial<Parameters<typeof watchStream>[0]> = {}) {
  const userId = nextUserId++
  const tokens = await api.login(userId)
  let token = tokens.accessToken
  const watched = watchStream({ url: `${server.url}/api/subscribe`, getToken: () => token, ...extra })
  await waitUntil(() => expect(watched.events.length).toBeGreaterThanOrEqual(1))
  return {
    userId,
    watched,
    refreshToken: tokens.refreshToken,
    setToken(next: string) {
      token = next
    },
  }
}

describe('the stream against the test API', () => {
  it('receives the Spring handshake, then each published alarm', async () => {
    const { userId, watched } = await openForNewUser()
    expect(watched.events[0]).toMatchObject({ type: 'sse', data: `EventStream Created. [userId=${userId}]` })
    expect(watched.events[0]!.lastEventId).toMatch(new RegExp(`^${userId}_\\d+$`))
    const alarm = await api.publish(userId, { content: '새 댓글 🔔 "hi"' })
    await waitUntil(() => expect(alarmContents(watched)).toEqual(['새 댓글 🔔 "hi"']))
    expect(JSON.parse(watched.events[1]!.data)).toEqual(alarm)
    expect(watched.stream.status).toBe('open')
  })

  it('resumes with Last-Event-ID after a drop, receiving what was published in between', async () => {
    const { userId, watched } = await openForNewUser({ retry: { minMs: 150, initialMs: 150, maxMs: 150 } })
    await api.publish(userId, { content: 'before' })
    await waitUntil(() => expect(alarmContents(watched)).toEqual(['before']))
    const idBeforeDrop = watched.stream.lastEventId
    await api.fault({ type: 'drop' })
    await api.publish(userId, { content: 'during' })
    await waitUntil(() => expect(alarmContents(watched)).toEqual(['before', 'during']))
    const log = await subscribeLog()
    expect(log.map((entry) => entry.lastEventId)).toEqual([null, idBeforeDrop])
  })

  it('resumes after a cut in the middle of an alarm, delivering it whole exactly once', async () => {
    await api.fault({ type: 'cut', count: 1 })
    const { userId, watched } = await openForNewUser()
    await api.publish(userId, { content: 'cut in half' })
    await waitUntil(() => expect(alarmContents(watched)).toEqual(['cut in half']))
    await sleep(100)
    expect(alarmContents(watched)).toEqual(['cut in half'])
    expect(await subscribeLog()).toHaveLength(2)
  })

  const switches: Array<{ name: string; fault: Parameters<TestApiClient['fault']>[0]; resumesById: boolean }> = [
    { name: 'split byte', fault: { type: 'split', mode: 'byte' }, resumesById: true },
    { name: 'split random', fault: { type: 'split', mode: 'random' }, resumesById: true },
    { name: 'junk', fault: { type: 'junk' }, resumesById: true },
    { name: 'Korean ids', fault: { type: 'ids', format: 'korean' }, resumesById: true },
    { name: 'emoji ids', fault: { type: 'ids', format: 'emoji' }, resumesById: true },
    { name: 'retry -1', fault: { type: 'retry', value: '-1' }, resumesById: true },
    { name: 'NUL ids', fault: { type: 'ids', format: 'nul' }, resumesById: false },
  ]

  it.each(switches)('keeps streaming and resumes after a drop under $name', async ({ fault, resumesById }) => {
    await api.fault(fault)
    const { userId, watched } = await openForNewUser({ retry: { minMs: 100, initialMs: 100, maxMs: 100 } })
    await api.publish(userId, { content: 'first ✓' })
    await waitUntil(() => expect(alarmContents(watched)).toContain('first ✓'))
    const idBeforeDrop = watched.stream.lastEventId
    await api.fault({ type: 'drop' })
    await api.publish(userId, { content: 'second ✓' })
    if (resumesById) {
      await waitUntil(() => expect(alarmContents(watched)).toEqual(['first ✓', 'second ✓']))
      expect((await subscribeLog()).map((entry) => entry.lastEventId)).toEqual([null, idBeforeDrop])
    } else {
      // Every id carries U+0000, so none is usable (WHATWG): reconnects carry no Last-Event-ID and cannot replay.
      await waitUntil(async () => expect(await subscribeLog()).toHaveLength(2))
      expect(idBeforeDrop).toBe('')
      expect((await subscribeLog()).map((entry) => entry.lastEventId)).toEqual([null, null])
      await waitUntil(() => expect(watched.stream.status).toBe('open'))
    }
    expect(watched.events.every((event) => event.data !== '')).toBe(true)
  })

  it('refreshes the token on a 401 and resumes with the new one', async () => {
    let refreshes = 0
    let session: Awaited<ReturnType<typeof openForNewUser>> | undefined
    session = await openForNewUser({
      retry: { minMs: 100, initialMs: 100, maxMs: 100 },
      refreshToken: async () => {
        refreshes++
        session!.setToken((await api.refresh(session!.refreshToken)).accessToken)
        return true
      },
    })
    const { userId, watched } = session
    await api.fault({ type: 'expireTokens' })
    await api.fault({ type: 'drop' })
    await api.publish(userId, { content: 'after refresh' })
    await waitUntil(() => expect(alarmContents(watched)).toEqual(['after refresh']))
    expect(refreshes).toBe(1)
    const log = await subscribeLog()
    expect(log.map((entry) => entry.status)).toEqual([200, 401, 200])
    expect(log[2]!.lastEventId).toBe(log[1]!.lastEventId)
    expect(log[2]!.lastEventId).not.toBeNull()
  })

  it.each([403, 404, 204])('stops as closed on %i with no further request counted by the server', async (status) => {
    const userId = nextUserId++
    const { accessToken } = await api.login(userId)
    await api.fault({ type: 'status', status })
    const watched = watchStream({ url: `${server.url}/api/subscribe`, getToken: () => accessToken })
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    expect(watched.statuses.at(-1)!.info.httpStatus).toBe(status)
    await sleep(300)
    expect((await api.stats()).requests['GET /api/subscribe']).toBe(1)
  })

  it('waits as long as Retry-After asks on a 503', async () => {
    const userId = nextUserId++
    const { accessToken } = await api.login(userId)
    await api.fault({ type: 'status', status: 503, retryAfter: 1, count: 1 })
    const watched = watchStream({ url: `${server.url}/api/subscribe`, getToken: () => accessToken, retry: { minMs: 50, initialMs: 50 } })
    await waitUntil(() => expect(watched.stream.status).toBe('open'), 3000)
    const [first, second] = await subscribeLog()
    expect(first!.status).toBe(503)
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(990)
  })
})

describe('the retry floor against the test API', () => {
  it('holds under retry: -1 when every stream ends at once', async () => {
    const shortLived = await startTestApi({ emitterTimeoutMs: 20 })
    try {
      const client = createTestApiClient(shortLived.url)
      const { accessToken } = await client.login(1)
      await client.fault({ type: 'retry', value: '-1' })
      const watched = watchStream({ url: `${shortLived.url}/api/subscribe`, getToken: () => accessToken, retry: { minMs: 200, initialMs: 200, maxMs: 200, factor: 1 } })
      await sleep(1000)
      watched.stream.close()
      const count = (await client.stats()).requests['GET /api/subscribe'] ?? 0
      // Each cycle is ≥ 20 ms open + 200 ms floor: at most 5 requests in a second. Without the floor: hundreds.
      expect(count).toBeGreaterThanOrEqual(3)
      expect(count).toBeLessThanOrEqual(5)
    } finally {
      await shortLived.close()
    }
  })
})
