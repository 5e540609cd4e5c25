import { describe, expect, it } from 'vitest'
import { allowsChannel, parsePreferences, withChannel } from '../../src/preferences/preferences'

describe('preference switches', () => {
  it('are on unless switched off', () => {
    const preferences = withChannel({}, 'COMMENT', 'toast', false)
    expect(allowsChannel(preferences, 'COMMENT', 'toast')).toBe(false)
    expect(allowsChannel(preferences, 'COMMENT', 'sound')).toBe(true)
    expect(allowsChannel(preferences, 'LIKE', 'toast')).toBe(true)
    expect(allowsChannel(withChannel(preferences, 'COMMENT', 'toast', true), 'COMMENT', 'toast')).toBe(true)
  })

  it('keep only well-formed entries of what was stored', () => {
    expect(parsePreferences({ COMMENT: { toast: false, email: false, sound: 'no' }, LIKE: 3 })).toEqual({ COMMENT: { toast: false } })
    expect(parsePreferences('junk')).toEqual({})
    expect(parsePreferences([{ toast: false }])).toEqual({})
  })
})
