import { afterEach, describe, expect, it } from 'vitest'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { closeAllStreams, waitUntil, watchStream } from './harness'

let server: ScriptedServer | undefined
afterEach(async () => {
  closeAllStreams()
  await server?.close()
  server = undefined
})

/** Each response ends at once, so the stream reconnects and every connect shows its headers. */
const endEachStream = () => ({ body: ['data:x\n\n'] })

describe('auth shapes on the wire', () => {
  it('sends Authorization: Bearer <token> by default', async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    watchStream({ url: server.url, getToken: () => 'jwt.payload.sig' })
    await server.waitForRequests(1)
    expect(server.requests[0]!.headers.authorization).toBe('Bearer jwt.payload.sig')
  })

  it('sends the raw token as Authorization', async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    watchStream({ url: server.url, getToken: () => 'raw-token', authHeaders: (token) => ({ Authorization: token }) })
    await server.waitForRequests(1)
    expect(server.requests[0]!.headers.authorization).toBe('raw-token')
  })

  it('sends the token in a custom header and no Authorization', async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    watchStream({ url: server.url, getToken: () => 'abc', authHeaders: (token) => ({ 'X-Auth-Token': token }) })
    await server.waitForRequests(1)
    expect(server.requests[0]!.headers['x-auth-token']).toBe('abc')
    expect(server.requests[0]!.headers.authorization).toBeUndefined()
  })

  it('sends no auth header for a cookie session, and passes credentials to fetch', async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    const credentials: Array<RequestCredentials | undefined> = []
    const recordingFetch: typeof fetch = (input, init) => {
      credentials.push(init?.credentials)
      return fetch(input, init)
    }
    const watched = watchStream({ url: server.url, credentials: 'include', fetch: recordingFetch })
    await waitUntil(() => expect(watched.stream.status).toBe('open'))
    expect(credentials).toEqual(['include'])
    expect(Object.keys(server.requests[0]!.headers).filter((name) => /auth/i.test(name))).toEqual([])
  })

  it("uses fetch's same-origin credentials by default", async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    const credentials: Array<RequestCredentials | undefined> = []
    watchStream({
      url: server.url,
      fetch: (input, init) => {
        credentials.push(init?.credentials)
        return fetch(input, init)
      },
    })
    await server.waitForRequests(1)
    expect(credentials).toEqual(['same-origin'])
  })

  it('reads the token and a headers function again at every reconnect', async () => {
    server = await startScriptedServer(endEachStream)
    let connects = 0
    const watched = watchStream({
      url: server.url,
      getToken: () => `token-${connects}`,
      authHeaders: (token) => ({ 'X-Auth-Token': token }),
      headers: () => ({ 'X-XSRF-TOKEN': `csrf-${++connects}` }),
    })
    await server.waitForRequests(3)
    watched.stream.close()
    const sent = server.requests.slice(0, 3).map((request) => [request.headers['x-auth-token'], request.headers['x-xsrf-token']])
    expect(sent).toEqual([
      ['token-0', 'csrf-1'],
      ['token-1', 'csrf-2'],
      ['token-2', 'csrf-3'],
    ])
  })

  it('refuses an unsendable header value before any request, without quoting it, and retries', async () => {
    server = await startScriptedServer([{ then: 'hold' }])
    let csrf = 'secret\r\nX-Evil: 1'
    const watched = watchStream({ url: server.url, headers: () => ({ 'X-CSRF': csrf }) })
    await waitUntil(() => expect(watched.statusNames).toContain('retrying'))
    expect(server.requests).toHaveLength(0)
    const { info } = watched.statuses.find((entry) => entry.status === 'retrying')!
    expect(info).toMatchObject({ reason: 'token-error' })
    expect(info.error?.code).toBe('token')
    expect(info.error?.message).toContain('X-CSRF')
    expect(info.error?.message).not.toContain('secret')
    csrf = 'fine'
    await server.waitForRequests(1)
    expect(server.requests[0]!.headers['x-csrf']).toBe('fine')
  })
})
