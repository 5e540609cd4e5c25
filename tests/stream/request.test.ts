import { describe, expect, it } from 'vitest'
import { unsendableHeader } from '../../src/credentials'
import { isEventStreamContentType } from '../../src/stream/request'

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

describe('the content type of a stream', () => {
  it('recognises text/event-stream in any case and with parameters', () => {
    expect(isEventStreamContentType('text/event-stream')).toBe(true)
    expect(isEventStreamContentType('Text/Event-Stream; charset=UTF-8')).toBe(true)
    expect(isEventStreamContentType('application/json')).toBe(false)
    expect(isEventStreamContentType(null)).toBe(false)
  })
})
