import { describe, expect, test } from 'vitest'
import { isSpringHandshake, parseAlarm } from '../../src/alarms/parse'

const valid = { id: 7, type: 'COMMENT', content: 'New comment', url: '/posts/3', isRead: false, createdAt: '2026-11-25T09:41:12.123' }

describe('parseAlarm', () => {
  test('maps the contract shape to an alarm', () => {
    expect(parseAlarm(valid)).toEqual(valid)
  })

  test('keeps string ids as strings and number ids as numbers', () => {
    expect(parseAlarm({ ...valid, id: 'a-1' })?.id).toBe('a-1')
    expect(parseAlarm({ ...valid, id: 42 })?.id).toBe(42)
  })

  test('fills missing or null optional fields with defaults', () => {
    expect(parseAlarm({ id: 1, content: 'x' })).toEqual({ id: 1, content: 'x', type: '', url: '', isRead: false, createdAt: '' })
    expect(parseAlarm({ id: 1, content: 'x', url: null, type: null, createdAt: null })?.url).toBe('')
  })

  test('reads a Jackson `read` property when `isRead` is absent', () => {
    expect(parseAlarm({ id: 1, content: 'x', read: true })?.isRead).toBe(true)
  })

  test.each([
    ['null', null],
    ['a string', 'EventStream Created. [userId=1]'],
    ['a number', 7],
    ['an array', [valid]],
    ['no id', { ...valid, id: undefined }],
    ['an empty id', { ...valid, id: '  ' }],
    ['a NaN id', { ...valid, id: Number.NaN }],
    ['an object id', { ...valid, id: { value: 1 } }],
    ['no content', { ...valid, content: undefined }],
    ['a numeric content', { ...valid, content: 5 }],
    ['a numeric type', { ...valid, type: 3 }],
    ['an object url', { ...valid, url: {} }],
    ['a string isRead', { ...valid, isRead: 'false' }],
    ['an array createdAt', { ...valid, createdAt: [2026, 11, 25] }],
  ])('rejects %s', (_name, raw) => {
    expect(parseAlarm(raw)).toBeNull()
  })
})

describe('isSpringHandshake', () => {
  test.each(['EventStream Created. [userId=1]', 'EventStream Created. [memberId=9]', 'EventStream Connected', 'EventSteam Created. [userId=2]'])(
    'recognises %s',
    (data) => {
      expect(isSpringHandshake(data)).toBe(true)
    },
  )

  test.each(['{"id":1,"content":"EventStream Created."}', 'hello', 'Created EventStream'])('does not take %s for a handshake', (data) => {
    expect(isSpringHandshake(data)).toBe(false)
  })
})
