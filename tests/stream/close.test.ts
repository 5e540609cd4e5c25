import { afterEach, describe, expect, it } from 'vitest'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { closeAllStreams, sleep, waitUntil, watchStream } from './harness'
import type { AlarmStream } from '../../src/stream'

let server: ScriptedServer | undefined
afterEach(async () => {
  closeAllStreams()
  await server?.close()
  server = undefined
})

/** Long enough for several FAST_RETRY reconnects, had any been scheduled. */
const QUIET_WINDOW_MS = 300

describe('close()', () => {
  it('aborts the open request and reports closed once, however often it is called', async () => {
    server = await startScriptedServer([{ body: ['data:a\n\n'], then: 'hold' }])
    const watched = watchStream({ url: server.url })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    watched.stream.close()
    watched.stream.close()
    watched.stream.reconnect()
    await server.waitForNoOpenConnections()
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(1)
    expect(watched.statusNames).toEqual(['connecting', 'open', 'closed'])
    expect(watched.statuses.at(-1)!.info).toEqual({ reason: 'closed-by-client' })
  })

  it('inside onEvent stops delivery of the rest of the chunk and makes no further request', async () => {
    server = await startScriptedServer(() => ({ body: ['data:1\n\ndata:2\n\ndata:3\n\n'] }))
    let stream: AlarmStream | undefined
    const watched = watchStream({ url: server.url, onEvent: () => stream?.close() })
    stream = watched.stream
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    await sleep(QUIET_WINDOW_MS)
    expect(watched.events.map((event) => event.data)).toEqual(['1'])
    expect(server.requests).toHaveLength(1)
    expect(server.openConnections).toBe(0)
  })

  it('inside onStatus("retrying") cancels the scheduled reconnect', async () => {
    server = await startScriptedServer(() => ({ status: 503 }))
    let stream: AlarmStream | undefined
    const watched = watchStream({ url: server.url, onStatus: (status) => status === 'retrying' && stream?.close() })
    stream = watched.stream
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(1)
  })

  it('inside onStatus("connecting") prevents the request itself', async () => {
    server = await startScriptedServer([])
    let stream: AlarmStream | undefined
    let first = true
    const watched = watchStream({
      url: server.url,
      onStatus(status) {
        // The first `connecting` fires while openAlarmStream is still returning; close on the next one.
        if (status === 'connecting' && !first) stream?.close()
        first = false
      },
    })
    stream = watched.stream
    await server.waitForRequests(1)
    stream.reconnect()
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(1)
    expect(watched.stream.status).toBe('closed')
  })

  it('during the backoff wait cancels the timer', async () => {
    server = await startScriptedServer(() => ({ status: 503 }))
    const watched = watchStream({ url: server.url, retry: { minMs: 150, initialMs: 150, maxMs: 150 } })
    await waitUntil(() => expect(watched.stream.status).toBe('retrying'))
    watched.stream.close()
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(1)
  })

  it('while refreshToken is pending wins over its later true', async () => {
    server = await startScriptedServer(() => ({ status: 401 }))
    let resolveRefresh: (ok: boolean) => void = () => {}
    const watched = watchStream({ url: server.url, refreshToken: () => new Promise<boolean>((resolve) => (resolveRefresh = resolve)) })
    await server.waitForRequests(1)
    await sleep(30)
    watched.stream.close()
    resolveRefresh(true)
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(1)
    expect(watched.statusNames).toEqual(['connecting', 'closed'])
  })

  it('while getToken is pending prevents the request', async () => {
    server = await startScriptedServer([])
    let resolveToken: (token: string) => void = () => {}
    const watched = watchStream({ url: server.url, getToken: () => new Promise<string>((resolve) => (resolveToken = resolve)) })
    watched.stream.close()
    resolveToken('late')
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(0)
  })

  it('while the response headers are pending aborts the request', async () => {
    server = await startScriptedServer([])
    const watched = watchStream({ url: server.url })
    await server.waitForRequests(1)
    watched.stream.close()
    await server.waitForNoOpenConnections()
    await sleep(QUIET_WINDOW_MS)
    expect(server.requests).toHaveLength(1)
  })
})
