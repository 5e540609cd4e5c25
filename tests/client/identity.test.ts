import { describe, expect, expectTypeOf, test } from 'vitest'
import type { CreateAlarmsOptions, UserKeyValue } from '../../src/options'
import { resolveAlarmsOptions } from '../../src/plugin'
import { readIdentity } from '../../src/client/identity'

const cookieSession = (userKey: () => UserKeyValue) => resolveAlarmsOptions({ userKey, ssr: false })

describe('readIdentity with a numeric userKey', () => {
  test('a cookie session keyed by the number 7105 is the same user as the string "7105"', () => {
    const byNumber = readIdentity(cookieSession(() => 7105))
    const byText = readIdentity(cookieSession(() => '7105'))
    expect(byNumber).toEqual({ id: 'user:7105', shareKey: '/api/subscribe|7105' })
    expect(byText).toEqual(byNumber)
  })

  test('user id 0 is signed in; null, undefined and NaN are signed out', () => {
    expect(readIdentity(cookieSession(() => 0))).toEqual({ id: 'user:0', shareKey: '/api/subscribe|0' })
    expect(readIdentity(cookieSession(() => null))).toBeNull()
    expect(readIdentity(cookieSession(() => undefined))).toBeNull()
    expect(readIdentity(cookieSession(() => Number.NaN))).toBeNull()
  })

  test('with getToken, a numeric key per token scopes the shared stream by that number', () => {
    const config = resolveAlarmsOptions({ getToken: () => 'opaque', userKey: (token: string) => (token === 'opaque' ? 42 : null), ssr: false })
    expect(readIdentity(config)).toEqual({ id: 'user:42', shareKey: '/api/subscribe|42' })
  })

  test('userKey is typed to take what a numeric id or a parsed cookie holds', () => {
    const user: { id: number } | null = { id: 7105 }
    const fromUserId: CreateAlarmsOptions = { userKey: () => user?.id ?? null }
    const parsedCookie: number | string | null | undefined = 7105
    const fromCookie: CreateAlarmsOptions = { userKey: () => parsedCookie }
    expectTypeOf(fromUserId.userKey).toEqualTypeOf(fromCookie.userKey)
    expectTypeOf<ReturnType<() => UserKeyValue>>().toEqualTypeOf<string | number | null | undefined>()
    // @ts-expect-error a user object is not a key: pass its id
    const fromObject: CreateAlarmsOptions = { userKey: () => user }
    expect(fromObject.userKey).toBeTypeOf('function')
  })
})
