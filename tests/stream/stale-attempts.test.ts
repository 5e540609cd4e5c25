import { afterEach, describe, expect, it } from 'vitest'
import { closeAllStreams, waitUntil, watchStream } from './harness'

afterEach(() => closeAllStreams())

const URL = 'http://127.0.0.1:9/events'

interface FakeRequest {
  headers: Record<string, string>
  signal: AbortSignal
  /** Answers the request, even after its signal aborted: a custom `fetch` may ignore the signal. */
  respond(response: Response): void
  /** Fails the request, as fetch does when its signal aborts. */
  fail(error: Error): void
}

/** A `fetch` whose answers the test gives, one request at a time. */
function fakeFetch() {
  const requests: FakeRequest[] = []
  const fetch: typeof globalThis.fetch = (_input, init) =>
    new Promise((resolve, reject) =>
      requests.push({ headers: init!.headers as Record<string, string>, signal: init!.signal!, respond: resolve, fail: reject }),
    )
  return { requests, fetch }
}

/** An event-stream response that sends `text` and stays open. */
const eventStream = (text: string) =>
  new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode(text)) }), {
    headers: { 'content-type': 'text/event-stream' },
  })

/** One turn of the event loop: every continuation of a promise already settled has run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

/** A promise and its resolve function, for an app callback the test answers late. */
function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

describe('work of an abandoned connection attempt', () => {
  it('a token that arrives after the attempt was abandoned is never sent, and nothing is reported for it', async () => {
    const { requests, fetch } = fakeFetch()
    const tokens: Array<ReturnType<typeof deferred<string>>> = []
    const watched = watchStream({
      url: URL,
      fetch,
      getToken: () => {
        tokens.push(deferred<string>())
        return tokens.at(-1)!.promise
      },
    })
    watched.stream.reconnect()
    expect(tokens).toHaveLength(2)
    tokens[0]!.resolve('late')
    tokens[1]!.resolve('fresh')
    await waitUntil(() => expect(requests).toHaveLength(1))
    requests[0]!.respond(eventStream('data:current\n\n'))
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    await settle()
    expect(requests.map((request) => request.headers.Authorization)).toEqual(['Bearer fresh'])
    expect(watched.statusNames).toEqual(['connecting', 'connecting', 'open'])
  })

  it('a response that arrives after the attempt was abandoned delivers no event and no status', async () => {
    const { requests, fetch } = fakeFetch()
    const watched = watchStream({ url: URL, fetch })
    await waitUntil(() => expect(requests).toHaveLength(1))
    watched.stream.reconnect()
    await waitUntil(() => expect(requests).toHaveLength(2))
    expect(requests[0]!.signal.aborted).toBe(true)
    expect(requests[1]!.signal.aborted).toBe(false)
    // The abandoned request answers first, so its work would run first if anything let it through.
    requests[0]!.respond(eventStream('id:stale\ndata:abandoned\n\n'))
    requests[1]!.respond(eventStream('id:live\ndata:current\n\n'))
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    await settle()
    expect(watched.events.map((event) => event.data)).toEqual(['current'])
    expect(watched.stream.lastEventId).toBe('live')
    expect(watched.statusNames).toEqual(['connecting', 'connecting', 'open'])
  })

  it('a request that fails after its attempt was abandoned reports no error and leaves the current attempt alone', async () => {
    const { requests, fetch } = fakeFetch()
    const watched = watchStream({ url: URL, fetch })
    await waitUntil(() => expect(requests).toHaveLength(1))
    watched.stream.reconnect()
    await waitUntil(() => expect(requests).toHaveLength(2))
    requests[0]!.fail(new DOMException('The operation was aborted.', 'AbortError'))
    await settle()
    expect(requests[1]!.signal.aborted).toBe(false)
    requests[1]!.respond(eventStream('data:current\n\n'))
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    expect(requests).toHaveLength(2)
    expect(watched.statusNames).toEqual(['connecting', 'connecting', 'open'])
  })

  it('close() inside onStatus("open") leaves the body unread', async () => {
    const { requests, fetch } = fakeFetch()
    const watched = watchStream({ url: URL, fetch, onStatus: (status) => status === 'open' && watched.stream.close() })
    await waitUntil(() => expect(requests).toHaveLength(1))
    requests[0]!.respond(eventStream('id:1\ndata:unread\n\n'))
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    await settle()
    expect(watched.events).toEqual([])
    expect(watched.stream.lastEventId).toBe('')
    expect(watched.statusNames).toEqual(['connecting', 'open', 'closed'])
  })

  /** A stream whose first request got a 401 and whose token refresh is pending, answered by the test. */
  async function refreshPending() {
    const { requests, fetch } = fakeFetch()
    const refresh = deferred<boolean>()
    const gaveUp: number[] = []
    const watched = watchStream({ url: URL, fetch, refreshToken: () => refresh.promise, onUnauthorized: () => gaveUp.push(1) })
    await waitUntil(() => expect(requests).toHaveLength(1))
    requests[0]!.respond(new Response(null, { status: 401 }))
    // The 401 released its request; the refresh is now pending.
    await waitUntil(() => expect(requests[0]!.signal.aborted).toBe(true))
    return { requests, refresh, gaveUp, watched }
  }

  it('a token refresh that resolves after the attempt was abandoned neither reconnects nor gives up', async () => {
    const { requests, refresh, gaveUp, watched } = await refreshPending()
    watched.stream.reconnect()
    await waitUntil(() => expect(requests).toHaveLength(2))
    requests[1]!.respond(eventStream('data:current\n\n'))
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    refresh.resolve(true)
    await settle()
    await settle()
    expect(requests).toHaveLength(2)
    expect(gaveUp).toEqual([])
    expect(watched.statusNames).toEqual(['connecting', 'connecting', 'open'])
  })

  it('a declined refresh that resolves after close() reports nothing more', async () => {
    const { refresh, gaveUp, watched } = await refreshPending()
    watched.stream.close()
    refresh.resolve(false)
    await settle()
    await settle()
    expect(gaveUp).toEqual([])
    expect(watched.statusNames).toEqual(['connecting', 'closed'])
  })
})

describe('the caller’s signal', () => {
  it('closes the stream when aborted: the attempt’s request aborts with it and its late response delivers nothing', async () => {
    const { requests, fetch } = fakeFetch()
    const caller = new AbortController()
    const watched = watchStream({ url: URL, fetch, signal: caller.signal })
    await waitUntil(() => expect(requests).toHaveLength(1))
    caller.abort()
    expect(requests[0]!.signal.aborted).toBe(true)
    expect(watched.stream.status).toBe('closed')
    expect(watched.statuses.at(-1)!.info).toEqual({ reason: 'closed-by-client' })
    requests[0]!.respond(eventStream('data:late\n\n'))
    watched.stream.reconnect()
    await settle()
    expect(requests).toHaveLength(1)
    expect(watched.events).toEqual([])
    expect(watched.statusNames).toEqual(['connecting', 'closed'])
  })

  it('already aborted: the stream never connects', async () => {
    const { requests, fetch } = fakeFetch()
    const watched = watchStream({ url: URL, fetch, signal: AbortSignal.abort() })
    await settle()
    expect(requests).toHaveLength(0)
    expect(watched.statusNames).toEqual(['closed'])
  })
})

describe('what a response status decides', () => {
  it.each([
    [200, 'open'],
    [401, 'unauthorized'],
    [429, 'retrying'],
    [500, 'retrying'],
    [502, 'retrying'],
    [503, 'retrying'],
    [504, 'retrying'],
    [204, 'closed'],
    [400, 'closed'],
    [403, 'closed'],
    [404, 'closed'],
    [410, 'closed'],
    [422, 'closed'],
    [206, 'closed'],
    [304, 'closed'],
  ])('%i: %s', async (httpStatus, next) => {
    const { requests, fetch } = fakeFetch()
    const watched = watchStream({ url: URL, fetch })
    await waitUntil(() => expect(requests).toHaveLength(1))
    const body = httpStatus === 204 || httpStatus === 304 ? null : 'data:x\n\n'
    const response = httpStatus === 200 ? eventStream('data:x\n\n') : new Response(body, { status: httpStatus, headers: { 'content-type': 'text/event-stream' } })
    requests[0]!.respond(response)
    await waitUntil(() => expect(watched.statusNames).toEqual(['connecting', next]))
    expect(watched.statuses[1]!.info.httpStatus).toBe(httpStatus)
  })
})

