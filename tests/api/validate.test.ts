import { describe, expect, test } from 'vitest'
import { parseAlarm } from '../../src/alarms/parse'
import { AlarmsError } from '../../src/errors'
import { validateCount, validatePage } from '../../src/api/validate'

const item = { id: 1, type: 'T', content: 'c', url: '', isRead: false, createdAt: '' }
const requested = { page: 0, size: 20 }

function invalidCode(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return error instanceof AlarmsError ? error.code : 'not-an-AlarmsError'
  }
  return undefined
}

describe('validatePage', () => {
  test('accepts the contract shape', () => {
    expect(validatePage({ items: [item], page: 0, size: 20, total: 1 }, requested, parseAlarm)).toEqual({ items: [item], page: 0, size: 20, total: 1 })
  })

  test('accepts a Spring Data Page', () => {
    const page = validatePage({ content: [item], number: 2, size: 5, totalElements: 11 }, requested, parseAlarm)
    expect(page).toEqual({ items: [item], page: 2, size: 5, total: 11 })
  })

  test.each([
    ['null', null],
    ['a string', '<html>'],
    ['items not an array', { items: {}, page: 0, size: 20, total: 0 }],
    ['a junk item', { items: [item, { id: 2 }], page: 0, size: 20, total: 2 }],
    ['a missing total', { items: [], page: 0, size: 20 }],
    ['a NaN total', { items: [], page: 0, size: 20, total: Number.NaN }],
    ['a string total', { items: [], page: 0, size: 20, total: '3' }],
    ['a negative page', { items: [], page: -1, size: 20, total: 0 }],
  ])('turns %s into an invalid-response error', (_name, body) => {
    expect(invalidCode(() => validatePage(body, requested, parseAlarm))).toBe('invalid-response')
  })
})

describe('validateCount', () => {
  test('accepts { count } and a bare number', () => {
    expect(validateCount({ count: 3 })).toBe(3)
    expect(validateCount(0)).toBe(0)
  })

  test.each([['a string', { count: '3' }], ['NaN', { count: Number.NaN }], ['a fraction', { count: 1.5 }], ['negative', -1], ['missing', {}], ['null', null]])(
    'rejects %s instead of yielding NaN',
    (_name, body) => {
      expect(invalidCode(() => validateCount(body))).toBe('invalid-response')
    },
  )
})
