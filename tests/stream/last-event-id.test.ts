import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodeLastEventIdHeader, encodeLastEventIdHeader, isUsableEventId } from '../../src/stream/last-event-id'

const bytesOf = (header: string) => Array.from(header, (char) => char.charCodeAt(0))

describe('Last-Event-ID encoding', () => {
  it('sends ASCII ids unchanged', () => {
    expect(encodeLastEventIdHeader('42_1700000000123')).toBe('42_1700000000123')
  })

  it('sends a Korean id as its UTF-8 bytes, one Latin-1 character per byte', () => {
    expect(bytesOf(encodeLastEventIdHeader('알림_1')!)).toEqual([...Buffer.from('알림_1', 'utf8')])
  })

  it('sends an emoji id (a surrogate pair) as its four UTF-8 bytes', () => {
    expect(bytesOf(encodeLastEventIdHeader('🔔')!)).toEqual([0xf0, 0x9f, 0x94, 0x94])
  })

  it('sends nothing for an empty id or one containing U+0000', () => {
    expect(encodeLastEventIdHeader('')).toBeUndefined()
    expect(encodeLastEventIdHeader('x\0y')).toBeUndefined()
    expect(isUsableEventId('x\0y')).toBe(false)
    expect(isUsableEventId('x y')).toBe(true)
  })

  it('round-trips any NUL-free id through a Latin-1-decoding server', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }).filter((id) => !id.includes('\0')), (id) => {
        const header = encodeLastEventIdHeader(id)!
        expect(/^[\x00-\xff]*$/.test(header)).toBe(true)
        expect(decodeLastEventIdHeader(header)).toBe(id)
      }),
    )
  })
})
