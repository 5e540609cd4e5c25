import { describe, expect, it } from 'vitest'
import { classifyResponse, isEventStreamContentType, unsendableHeader } from '../../src/stream/request'

describe('header values fetch would refuse', () => {
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
