import { afterEach, describe, expect, it } from 'vitest'
import { AlarmsError } from '../../src/errors'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { closeAllStreams, sleep, waitUntil, watchStream } from './harness'

let server: ScriptedServer | undefined
afterEach(async () => {
  closeAllStreams()
  await server?.close()
  server = undefined
})

const JSON_HEADERS = { 'content-type': 'application/json' }

describe('stream requests', () => {
  it('asks for an event stream with the token getToken returns at each connect', async () => {
    server = await startScriptedServer([{ body: ['data:a\n\n'] }, { body: ['data:b\n\n'] }, { then: 'hold' }])
    const tokens = ['first', null, 'third']
    watchStream({ url: server.url, getToken: async () => tokens.shift(), headers: { 'X-Client': 'tests' } })
    await server.waitForRequests(3)
    expect(server.requests.map((request) => request.authorization)).toEqual(['Bearer first', undefined, 'Bearer third'])
    expect(server.requests[0]!.headers.accept).toBe('text/event-stream')
    expect(server.requests[0]!.headers['x-client']).toBe('tests')
    expect(server.requests[0]!.url).toBe('/events')
  })

  it('goes connecting → open → retrying → connecting → open when the server ends the stream', async () => {
    server = await startScriptedServer([{ body: ['id:1\ndata:a\n\n'] }, { then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await waitUntil(() => expect(watched.statusNames).toEqual(['connecting', 'open', 'retrying', 'connecting', 'open']))
    const retrying = watched.statuses[2]!.info
    expect(retrying).toMatchObject({ reason: 'ended', attempt: 1 })
    expect(retrying.delayMs).toBeGreaterThanOrEqual(20)
    expect(watched.statuses[1]!.info).toEqual({ httpStatus: 200 })
    expect(watched.stream.status).toBe('open')
  })

  it('reconnects with the last event id after the connection breaks', async () => {
    server = await startScriptedServer([{ body: ['id:9\ndata:a\n\n', { delayMs: 20 }], then: 'destroy' }, { then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await server.waitForRequests(2)
    expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('9'))
    const retrying = watched.statuses.find((entry) => entry.status === 'retrying')!.info
    expect(retrying.reason).toBe('network-error')
    expect(retrying.error).toBeInstanceOf(AlarmsError)
    expect(retrying.error?.code).toBe('network')
  })

  it('retries when the server is unreachable, growing the delay, and resets it after an event', async () => {
    const unreachable = await startScriptedServer([])
    const url = unreachable.url
    await unreachable.close()
    const watched = watchStream({ url, retry: { minMs: 10, initialMs: 10, maxMs: 10_000, factor: 2 } })
    await waitUntil(() => expect(watched.statusNames.filter((status) => status === 'retrying').length).toBeGreaterThanOrEqual(3))
    const attempts = watched.statuses.filter((entry) => entry.status === 'retrying').map((entry) => entry.info.attempt)
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3])
    expect(watched.statuses.find((entry) => entry.status === 'retrying')!.info.reason).toBe('network-error')
  })

  it('starts the backoff again at attempt 1 once a connection delivered an event', async () => {
    server = await startScriptedServer([{ status: 503 }, { status: 503 }, { body: ['data:a\n\n'] }, { then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await server.waitForRequests(4)
    const attempts = watched.statuses.filter((entry) => entry.status === 'retrying').map((entry) => entry.info.attempt)
    expect(attempts).toEqual([1, 2, 1])
  })

  it('floors the server retry value, so retry: -1 and retry: 0 never hot-loop', async () => {
    for (const retryField of ['retry:-1', 'retry: 0', 'retry: junk']) {
      const floorServer = await startScriptedServer(() => ({ body: [`${retryField}\n\n`] }))
      try {
        const watched = watchStream({ url: floorServer.url, retry: { minMs: 100, initialMs: 100, maxMs: 1000, factor: 1 } })
        await sleep(600)
        watched.stream.close()
        // One request at once, then one per 100 ms at most: 7 in 600 ms. A hot loop makes hundreds.
        expect(floorServer.requests.length).toBeGreaterThanOrEqual(3)
        expect(floorServer.requests.length).toBeLessThanOrEqual(7)
      } finally {
        await floorServer.close()
      }
    }
  })

  it('honours Retry-After on 503 and 429', async () => {
    server = await startScriptedServer([
      { status: 503, headers: { 'retry-after': '1', ...JSON_HEADERS }, body: ['{}'] },
      { status: 429, headers: { 'retry-after': '0' } },
      { then: 'hold' },
    ])
    const watched = watchStream({ url: server.url, retry: { minMs: 50, initialMs: 50, maxMs: 5000 } })
    await server.waitForRequests(3)
    const [first, second, third] = server.requests
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990)
    expect(third!.at - second!.at).toBeLessThan(500)
    const retrying = watched.statuses.filter((entry) => entry.status === 'retrying').map((entry) => entry.info)
    expect(retrying[0]).toMatchObject({ reason: 'http-status', httpStatus: 503, delayMs: 1000 })
    expect(retrying[0]!.error).toMatchObject({ code: 'http', status: 503 })
    expect(retrying[1]).toMatchObject({ httpStatus: 429, delayMs: 50 })
  })

  it('caps Retry-After at maxMs', async () => {
    server = await startScriptedServer([{ status: 503, headers: { 'retry-after': '3600' } }, { then: 'hold' }])
    const watched = watchStream({ url: server.url, retry: { minMs: 50, maxMs: 200 } })
    await server.waitForRequests(2, 2000)
    expect(watched.statuses.find((entry) => entry.status === 'retrying')!.info.delayMs).toBe(200)
  })

  it('retries a 200 that is not an event stream', async () => {
    server = await startScriptedServer([{ headers: JSON_HEADERS, body: ['{"error":"login page"}'] }, { then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await server.waitForRequests(2)
    const retrying = watched.statuses.find((entry) => entry.status === 'retrying')!.info
    expect(retrying).toMatchObject({ reason: 'not-event-stream', httpStatus: 200 })
    expect(retrying.error).toMatchObject({ code: 'invalid-response', status: 200 })
  })

  it('reconnects when the idle watchdog sees nothing for idleTimeoutMs, but not while comments keep arriving', async () => {
    server = await startScriptedServer([
      { body: ['id:1\ndata:a\n\n', ...Array.from({ length: 8 }, () => [{ delayMs: 100 }, ':\n\n']).flat()], then: 'hold' },
      { then: 'hold' },
    ])
    const watched = watchStream({ url: server.url, idleTimeoutMs: 300 })
    await sleep(700)
    expect(server.requests).toHaveLength(1)
    await server.waitForRequests(2, 2000)
    expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('1'))
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(1000)
    const retrying = watched.statuses.find((entry) => entry.status === 'retrying')!.info
    expect(retrying.reason).toBe('idle-timeout')
    expect(retrying.error).toMatchObject({ code: 'timeout' })
    await waitUntil(() => expect(server!.openConnections).toBe(1))
  })
})

describe('stream authorization and stop statuses', () => {
  it('calls refreshToken on a 401 and reconnects at once with the token read again', async () => {
    server = await startScriptedServer([{ status: 401, headers: JSON_HEADERS }, { body: ['data:ok\n\n'], then: 'hold' }])
    let token = 'expired'
    let refreshes = 0
    let gaveUp = 0
    const watched = watchStream({
      url: server.url,
      getToken: () => token,
      refreshToken: async () => {
        refreshes++
        token = 'fresh'
        return true
      },
      onUnauthorized: () => gaveUp++,
      retry: { minMs: 5000, initialMs: 5000 },
    })
    await waitUntil(() => expect(watched.events).toHaveLength(1), 2000)
    expect(refreshes).toBe(1)
    expect(gaveUp).toBe(0)
    expect(server.requests.map((request) => request.authorization)).toEqual(['Bearer expired', 'Bearer fresh'])
    expect(watched.statusNames).toEqual(['connecting', 'connecting', 'open'])
  })

  it('stops as unauthorized and calls onUnauthorized exactly once when refreshToken declines, throws or is missing', async () => {
    const refreshes = [
      { refreshToken: async () => false, message: 'declined' },
      { refreshToken: () => Promise.reject(new Error('refresh failed: Bearer token')), message: 'failed' },
      { refreshToken: () => false, message: 'declined' },
      { refreshToken: undefined, message: 'no token refresh' },
    ]
    for (const { refreshToken, message } of refreshes) {
      const authServer = await startScriptedServer(() => ({ status: 401 }))
      try {
        let gaveUp = 0
        const watched = watchStream({ url: authServer.url, getToken: () => 'token', refreshToken, onUnauthorized: () => gaveUp++ })
        await waitUntil(() => expect(watched.stream.status).toBe('unauthorized'))
        await sleep(200)
        expect(authServer.requests).toHaveLength(1)
        expect(gaveUp).toBe(1)
        const { info } = watched.statuses.at(-1)!
        expect(info).toMatchObject({ reason: 'http-status', httpStatus: 401 })
        expect(info.error).toBeInstanceOf(AlarmsError)
        expect(info.error).toMatchObject({ code: 'unauthorized', status: 401 })
        expect(info.error!.message).toContain(message)
        // The refresh's own error may quote request headers: it is not passed on.
        expect(info.error!.cause).toBeUndefined()
      } finally {
        await authServer.close()
      }
    }
  })

  it('gives up with the explaining error when a refreshed token is refused twice in a row: 2 refreshes, 3 requests', async () => {
    server = await startScriptedServer(() => ({ status: 401 }))
    let refreshes = 0
    let gaveUp = 0
    const watched = watchStream({
      url: server.url,
      refreshToken: () => ++refreshes > 0,
      onUnauthorized: () => gaveUp++,
      retry: { minMs: 100, initialMs: 100, maxMs: 100 },
    })
    await waitUntil(() => expect(watched.stream.status).toBe('unauthorized'))
    expect(refreshes).toBe(2)
    expect(server.requests.length).toBe(3)
    expect(gaveUp).toBe(1)
    const { info } = watched.statuses.at(-1)!
    expect(info).toMatchObject({ reason: 'credential-refused', httpStatus: 401 })
    expect(info.error).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(info.error?.message).toContain('check `authHeaders` / `credentials`')
    expect(watched.statuses.some((entry) => entry.status === 'retrying')).toBe(false)
  })

  it('a refresh that fixes the token resets the count: a later expiry refreshes again instead of giving up', async () => {
    let answer = 0
    // 401, then open (the refresh worked), the stream ends, 401 again (expired), then open.
    server = await startScriptedServer(() => ([401, 200, 401, 200][answer++] === 401 ? { status: 401 } : { status: 200, headers: { 'content-type': 'text/event-stream' }, body: ['data: x\n\n'] }))
    let refreshes = 0
    const watched = watchStream({ url: server.url, refreshToken: () => ++refreshes > 0, retry: { minMs: 20, initialMs: 20, maxMs: 20 } })
    await server.waitForRequests(4)
    watched.stream.close()
    expect(refreshes).toBe(2)
    expect(watched.statuses.some((entry) => entry.status === 'unauthorized')).toBe(false)
  })

  it('survives a throwing onUnauthorized', async () => {
    server = await startScriptedServer(() => ({ status: 401 }))
    const watched = watchStream({
      url: server.url,
      onUnauthorized: () => {
        throw new Error('app bug')
      },
    })
    await waitUntil(() => expect(watched.stream.status).toBe('unauthorized'))
    watched.stream.reconnect()
    await server.waitForRequests(2)
  })

  it.each([403, 404, 410, 400, 204])('stops as closed on %i with no further request', async (status) => {
    server = await startScriptedServer(() => ({ status }))
    const watched = watchStream({ url: server.url })
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    const { info } = watched.statuses.at(-1)!
    expect(info).toMatchObject({ reason: 'http-status', httpStatus: status })
    expect(info.error).toBeInstanceOf(AlarmsError)
    expect(info.error).toMatchObject({ code: 'stream', status })
    await sleep(250)
    expect(server.requests).toHaveLength(1)
  })

  it('restarts a stream the server stopped when reconnect() is called', async () => {
    server = await startScriptedServer([{ status: 403 }, { body: ['data:back\n\n'], then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    watched.stream.reconnect()
    await waitUntil(() => expect(watched.events.map((event) => event.data)).toEqual(['back']))
  })

  it('reconnect() drops the open connection and connects at once with the last event id', async () => {
    server = await startScriptedServer([{ body: ['id:5\ndata:a\n\n'], then: 'hold' }, { then: 'hold' }])
    const watched = watchStream({ url: server.url, retry: { minMs: 5000, initialMs: 5000 } })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    watched.stream.reconnect()
    await server.waitForRequests(2, 1000)
    expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('5'))
    await waitUntil(() => expect(server!.openConnections).toBe(1))
  })
})

describe('errors never carry the token', () => {
  it('refuses a token fetch would quote in its error, without quoting it', async () => {
    server = await startScriptedServer([])
    const watched = watchStream({ url: server.url, getToken: () => 'secret\ntoken' })
    await waitUntil(() => expect(watched.statusNames).toContain('retrying'))
    const info = watched.statuses.find((entry) => entry.status === 'retrying')!.info
    expect(info.reason).toBe('token-error')
    expect(info.error?.code).toBe('token')
    expect(`${info.error?.message} ${info.error?.stack}`).not.toContain('secret')
    expect(server.requests).toHaveLength(0)
  })

  it('reports a throwing getToken as a token error and retries', async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    let calls = 0
    const watched = watchStream({
      url: server.url,
      getToken: () => {
        if (++calls === 1) throw new Error('storage unavailable')
        return 'ok'
      },
    })
    await server.waitForRequests(1)
    expect(server.requests[0]!.authorization).toBe('Bearer ok')
    expect(watched.statuses.find((entry) => entry.status === 'retrying')!.info.reason).toBe('token-error')
  })
})

describe('a throwing onEvent', () => {
  it('is reported through onStatus and neither reconnects nor leaks the connection', async () => {
    server = await startScriptedServer([{ body: ['event:sse\ndata:EventStream Created. [userId=1]\n\n', { delayMs: 30 }, 'data:{"id":1}\n\n'], then: 'hold' }])
    const received: string[] = []
    const watched = watchStream({
      url: server.url,
      onEvent(event) {
        received.push(event.data)
        JSON.parse(event.data)
      },
    })
    await waitUntil(() => expect(received).toHaveLength(2))
    await sleep(100)
    const report = watched.statuses.find((entry) => entry.info.reason === 'event-handler-error')!
    expect(report.status).toBe('open')
    expect(report.info.error).toMatchObject({ code: 'handler' })
    expect(report.info.error!.cause).toBeInstanceOf(SyntaxError)
    expect(watched.statusNames).toEqual(['connecting', 'open', 'open'])
    expect(server.requests).toHaveLength(1)
    expect(server.openConnections).toBe(1)
    expect(server.peakOpenConnections).toBe(1)
    watched.stream.close()
    await server.waitForNoOpenConnections()
  })

  it('survives a throwing onStatus', async () => {
    server = await startScriptedServer([{ body: ['data:a\n\n'], then: 'hold' }])
    const watched = watchStream({
      url: server.url,
      onStatus() {
        throw new Error('listener bug')
      },
    })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
  })
})
