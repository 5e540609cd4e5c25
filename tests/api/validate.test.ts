import { describe, expect, test, vi } from 'vitest'
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

  test('accepts a Spring Data Page, numbered as the store asked (from 0)', () => {
    const page = validatePage({ content: [item], number: 2, size: 5, totalElements: 11 }, { page: 2, size: 5 }, parseAlarm)
    expect(page).toEqual({ items: [item], page: 2, size: 5, total: 11 })
  })

  test('maps a NestJS/Laravel page and a Django REST framework page through parsePage', () => {
    const nest = (body: unknown) => {
      const { data, meta } = body as { data: unknown[]; meta: { total: number } }
      return { items: data, total: meta.total }
    }
    const drf = (body: unknown) => {
      const { results, count, next } = body as { results: unknown[]; count: number; next: string | null }
      return { items: results, total: count, next }
    }
    expect(validatePage({ data: [item], meta: { total: 4, page: 1 } }, requested, parseAlarm, 'GET /alarms', nest)).toEqual({ items: [item], page: 0, size: 20, total: 4 })
    const link = 'http://api.test/alarms?cursor=cD0x&size=20'
    expect(validatePage({ results: [item], count: 4, next: link, previous: null }, requested, parseAlarm, 'GET /alarms', drf)).toEqual({ items: [item], page: 0, size: 20, total: 4, next: link })
    expect(validatePage({ results: [], count: 0, next: null, previous: null }, requested, parseAlarm, 'GET /alarms', drf).next).toBeNull()
  })

  test('a cursor page may leave the total out, but a page with neither total nor next is refused', () => {
    expect(validatePage({ results: [item] }, requested, parseAlarm, 'GET /alarms', (body) => ({ items: (body as { results: unknown[] }).results, next: 'c2' }))).toEqual({ items: [item], page: 0, size: 20, next: 'c2' })
    expect(invalidCode(() => validatePage({ results: [item] }, requested, parseAlarm, 'GET /alarms', (body) => ({ items: (body as { results: unknown[] }).results })))).toBe('invalid-response')
  })

  test('a body the mapping cannot read fails with a message naming `parsePage`', () => {
    expect(() => validatePage({ data: [item], meta: { total: 1 } }, requested, parseAlarm, 'GET /alarms')).toThrow(/GET \/alarms .*`items` or `content`.*`parsePage`/)
    const throwing = () => {
      throw new TypeError('no data')
    }
    expect(() => validatePage({}, requested, parseAlarm, 'GET /alarms', throwing)).toThrow(/no data.*`parsePage`/)
  })

  test('a production build keeps a short message naming the field, and the code', () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const failure = (() => {
        try {
          validatePage({ items: [item], total: -1 }, requested, parseAlarm, 'GET /alarms')
        } catch (error) {
          return error as AlarmsError
        }
      })()
      expect(failure).toBeInstanceOf(AlarmsError)
      expect(failure).toMatchObject({ code: 'invalid-response', message: 'GET /alarms: not a page (total)' })
      expect(() => validateCount({ unread: 2 }, 'GET /count')).toThrow(/^GET \/count: not a count \(no `count`/)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  test.each([
    ['null', null],
    ['a string', '<html>'],
    ['items not an array', { items: {}, page: 0, size: 20, total: 0 }],
    ['a junk item', { items: [item, { id: 2 }], page: 0, size: 20, total: 2 }],
    ['a missing total', { items: [], page: 0, size: 20 }],
    ['a NaN total', { items: [], page: 0, size: 20, total: Number.NaN }],
    ['a string total', { items: [], page: 0, size: 20, total: '3' }],
    ['a negative total', { items: [], page: 0, size: 20, total: -1 }],
  ])('turns %s into an invalid-response error', (_name, body) => {
    expect(invalidCode(() => validatePage(body, requested, parseAlarm))).toBe('invalid-response')
  })
})

describe('validateCount', () => {
  test('accepts { count }, { unreadCount } and a bare number', () => {
    expect(validateCount({ count: 3 })).toBe(3)
    expect(validateCount({ unreadCount: 4 })).toBe(4)
    expect(validateCount(0)).toBe(0)
  })

  test('reads another shape through parseCount, and names the option when a body does not fit', () => {
    expect(validateCount({ data: { unread: 2 } }, 'GET /count', (body) => (body as { data: { unread: number } }).data.unread)).toBe(2)
    expect(() => validateCount({ unread: 2 }, 'GET /count')).toThrow(/GET \/count .*`parseCount`/)
  })

  test.each([['a string', { count: '3' }], ['NaN', { count: Number.NaN }], ['a fraction', { count: 1.5 }], ['negative', -1], ['missing', {}], ['null', null]])(
    'rejects %s instead of yielding NaN',
    (_name, body) => {
      expect(invalidCode(() => validateCount(body))).toBe('invalid-response')
    },
  )
})
