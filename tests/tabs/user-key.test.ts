import { describe, expect, test } from 'vitest'
import { tokenSubject, userKeyText } from '../../src/tabs/user-key'

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('tokenSubject', () => {
  test('reads sub from a JWT (header.payload.signature)', () => {
    expect(tokenSubject(`${base64url({ alg: 'HS256' })}.${base64url({ sub: 'user-42' })}.c2ln`)).toBe('user-42')
  })

  test('reads a numeric sub from a payload.signature token, as the test API issues', () => {
    expect(tokenSubject(`${base64url({ sub: 7, typ: 'access' })}.c2ln`)).toBe('7')
  })

  test('reads non-ASCII claims as UTF-8', () => {
    expect(tokenSubject(`${base64url({ sub: '알림' })}.c2ln`)).toBe('알림')
  })

  test('gives null for opaque tokens and junk, so the tab runs its own stream', () => {
    expect(tokenSubject('opaque-random-token')).toBeNull()
    expect(tokenSubject(`${base64url({ name: 'no sub' })}.c2ln`)).toBeNull()
    expect(tokenSubject(`${base64url([1, 2])}.c2ln`)).toBeNull()
    expect(tokenSubject('...')).toBeNull()
    expect(tokenSubject('%%%.$$$')).toBeNull()
  })
})

describe('userKeyText', () => {
  test('reads a numeric id as its decimal string, so 7105 and "7105" are one user', () => {
    expect(userKeyText(7105)).toBe('7105')
    expect(userKeyText('7105')).toBe('7105')
    expect(userKeyText(0)).toBe('0')
  })

  test('reads empty text, non-finite numbers and anything else as nobody', () => {
    expect(userKeyText('')).toBeNull()
    expect(userKeyText(Number.NaN)).toBeNull()
    expect(userKeyText(Number.POSITIVE_INFINITY)).toBeNull()
    expect(userKeyText(null)).toBeNull()
    expect(userKeyText(undefined)).toBeNull()
    expect(userKeyText({ id: 1 })).toBeNull()
  })
})
