import { afterEach, describe, expect, test, vi } from 'vitest'
import { openSharedConnection, supportsSharedConnection } from '../../src/tabs/shared-connection'
import type { AlarmConnectionHandlers } from '../../src/tabs/types'

function handlers(): AlarmConnectionHandlers {
  return { onEvent: vi.fn(), onStatus: vi.fn(), refreshToken: vi.fn(() => false) }
}

function fakeStream() {
  return { lastEventId: '7_1', reconnect: vi.fn(), close: vi.fn() }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('openSharedConnection without Web Locks', () => {
  test('Node has BroadcastChannel but no navigator.locks, so sharing is off here', () => {
    expect(typeof BroadcastChannel).toBe('function')
    expect(supportsSharedConnection()).toBe(false)
  })

  test('falls back to a stream of its own, opened at once, and says so', () => {
    const stream = fakeStream()
    const open = vi.fn(() => stream)
    const onLeader = vi.fn()
    const own = handlers()
    const connection = openSharedConnection({ key: 'u1', open, handlers: own, onLeader })
    expect(open).toHaveBeenCalledWith(own)
    expect(onLeader).toHaveBeenCalledTimes(1)
    expect(connection.isFallback).toBe(true)
    expect(connection.isLeader).toBe(true)
    expect(connection.lastEventId).toBe('7_1')
    connection.post({ anything: true })
    connection.reconnect()
    expect(stream.reconnect).toHaveBeenCalledTimes(1)
    connection.close()
    expect(stream.close).toHaveBeenCalledTimes(1)
  })

  test('opens a stream of its own without a key, whatever the browser supports', () => {
    vi.stubGlobal('navigator', { locks: { request: vi.fn() } })
    expect(supportsSharedConnection()).toBe(true)
    const open = vi.fn(() => fakeStream())
    const connection = openSharedConnection({ key: null, open, handlers: handlers() })
    expect(connection.isFallback).toBe(true)
    expect(open).toHaveBeenCalledTimes(1)
  })

  test('also falls back where BroadcastChannel is missing even if Web Locks exist', () => {
    vi.stubGlobal('navigator', { locks: { request: vi.fn() } })
    vi.stubGlobal('BroadcastChannel', undefined)
    expect(supportsSharedConnection()).toBe(false)
    const open = vi.fn(() => fakeStream())
    expect(openSharedConnection({ key: 'u1', open, handlers: handlers() }).isFallback).toBe(true)
    expect(open).toHaveBeenCalledTimes(1)
  })
})
