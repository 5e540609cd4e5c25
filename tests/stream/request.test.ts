import { describe, expect, it } from 'vitest'
import { bearerAuthHeaders, buildStreamHeaders, classifyResponse, isEventStreamContentType, isSendableToken, unsendableHeader } from '../../src/stream/request'

describe('stream request headers', () => {
  it('asks for an event stream and sends the auth headers and last event id', () => {
    expect(buildStreamHeaders({ authHeaders: bearerAuthHeaders('abc'), lastEventId: '7' })).toEqual({
      Accept: 'text/event-stream',
      Authorization: 'Bearer abc',
      'Last-Event-ID': '7',
    })
  })

  it('omits auth headers without any and Last-Event-ID without an id', () => {
    expect(buildStreamHeaders({ lastEventId: '' })).toEqual({ Accept: 'text/event-stream' })
  })

  it('keeps extra headers but lets its own and the auth headers replace any case variant of theirs', () => {
    const headers = buildStreamHeaders({
      headers: { 'X-Tab': '3', accept: '*/*', authorization: 'Basic old', 'x-auth-token': 'old' },
      authHeaders: { Authorization: 'Bearer new', 'X-Auth-Token': 'new' },
      lastEventId: '',
    })
    expect(headers).toEqual({ 'X-Tab': '3', Accept: 'text/event-stream', Authorization: 'Bearer new', 'X-Auth-Token': 'new' })
  })

  it('never lets auth headers replace Accept or Last-Event-ID', () => {
    expect(buildStreamHeaders({ authHeaders: { accept: '*/*', 'last-event-id': 'x' }, lastEventId: '9' })).toEqual({
      Accept: 'text/event-stream',
      'Last-Event-ID': '9',
    })
  })

  it("keeps the caller's own Authorization when there is no token", () => {
    expect(buildStreamHeaders({ headers: { Authorization: 'Basic x' }, lastEventId: '' })).toMatchObject({ Authorization: 'Basic x' })
  })

  it('refuses tokens fetch would reject (and quote in its error)', () => {
    expect(isSendableToken('eyJhbGciOi.x-y_z')).toBe(true)
    expect(isSendableToken('a\nb')).toBe(false)
    expect(isSendableToken('a\0b')).toBe(false)
    expect(isSendableToken('비밀')).toBe(false)
  })

  it('names an unsendable header without quoting its value', () => {
    expect(unsendableHeader({ Authorization: 'Bearer ok', 'X-Auth-Token': 'plain' })).toBeUndefined()
    const refusal = unsendableHeader({ 'X-Auth-Token': 'secret\r\nX-Evil: 1' })
    expect(refusal).toContain('X-Auth-Token')
    expect(refusal).not.toContain('secret')
    expect(unsendableHeader({ 'X-CSRF': '토큰' })).toContain('X-CSRF')
    expect(unsendableHeader({ 'Bad Name': 'x' })).toBe('A header name cannot be sent')
    expect(unsendableHeader({ 'X-Count': 3 })).toBe('The X-Count header value cannot be sent')
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
