import { describe, expect, it } from 'vitest'
import { buildStreamHeaders, classifyResponse, isEventStreamContentType, isSendableToken } from '../../src/stream/request'

describe('stream request headers', () => {
  it('asks for an event stream and sends the bearer token and last event id', () => {
    expect(buildStreamHeaders({ token: 'abc', lastEventId: '7' })).toEqual({
      Accept: 'text/event-stream',
      Authorization: 'Bearer abc',
      'Last-Event-ID': '7',
    })
  })

  it('omits Authorization without a token and Last-Event-ID without an id', () => {
    expect(buildStreamHeaders({ token: null, lastEventId: '' })).toEqual({ Accept: 'text/event-stream' })
  })

  it('keeps extra headers but lets its own replace any case variant of theirs', () => {
    const headers = buildStreamHeaders({ headers: { 'X-Tab': '3', accept: '*/*', authorization: 'Basic old' }, token: 'new', lastEventId: '' })
    expect(headers).toEqual({ 'X-Tab': '3', Accept: 'text/event-stream', Authorization: 'Bearer new' })
  })

  it("keeps the caller's own Authorization when getToken gives nothing", () => {
    expect(buildStreamHeaders({ headers: { Authorization: 'Basic x' }, token: undefined, lastEventId: '' })).toMatchObject({ Authorization: 'Basic x' })
  })

  it('refuses tokens fetch would reject (and quote in its error)', () => {
    expect(isSendableToken('eyJhbGciOi.x-y_z')).toBe(true)
    expect(isSendableToken('a\nb')).toBe(false)
    expect(isSendableToken('a\0b')).toBe(false)
    expect(isSendableToken('비밀')).toBe(false)
  })
})

describe('response classification', () => {
  it('recognises text/event-stream in any case and with parameters', () => {
    expect(isEventStreamContentType('text/event-stream')).toBe(true)
    expect(isEventStreamContentType('Text/Event-Stream; charset=UTF-8')).toBe(true)
    expect(isEventStreamContentType('application/json')).toBe(false)
    expect(isEventStreamContentType(null)).toBe(false)
  })

  it('opens on 200, refreshes on 401, retries 429 and 5xx, stops on 204 and other statuses', () => {
    expect(classifyResponse(200)).toBe('open')
    expect(classifyResponse(401)).toBe('unauthorized')
    for (const status of [429, 500, 502, 503, 504]) expect(classifyResponse(status)).toBe('retry')
    for (const status of [204, 400, 403, 404, 410, 422, 206, 304]) expect(classifyResponse(status)).toBe('stop')
  })
})
