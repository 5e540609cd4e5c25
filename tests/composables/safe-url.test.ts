import { describe, expect, it } from 'vitest'
import { resolveSafeUrl } from '../../src/composables/safe-url'

const origin = 'https://app.example'

describe('resolveSafeUrl', () => {
  it('keeps same-origin relative links as a path', () => {
    expect(resolveSafeUrl('/posts/3', origin)).toBe('/posts/3')
    expect(resolveSafeUrl('/posts/3?tab=comments#c7', origin)).toBe('/posts/3?tab=comments#c7')
    expect(resolveSafeUrl('posts/3', origin)).toBe('/posts/3')
    expect(resolveSafeUrl('https://app.example/inbox', origin)).toBe('/inbox')
  })

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    '\njavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/phish',
    '/\\evil.example/phish',
    '\\\\evil.example',
    'https://evil.example/posts/3',
    'http://app.example/posts/3',
    'https://app.example.evil.example/',
  ])('refuses %j', (url) => {
    expect(resolveSafeUrl(url, origin)).toBeNull()
  })

  it('refuses empty and missing urls', () => {
    expect(resolveSafeUrl('', origin)).toBeNull()
    expect(resolveSafeUrl('   ', origin)).toBeNull()
    expect(resolveSafeUrl(undefined, origin)).toBeNull()
    expect(resolveSafeUrl(null, origin)).toBeNull()
  })
})
