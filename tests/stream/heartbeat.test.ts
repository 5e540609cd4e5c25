import { describe, expect, it } from 'vitest'
import { createIdleTimeout, heartbeatTimeout, MAX_HEARTBEAT_TIMEOUT_MS, MIN_HEARTBEAT_TIMEOUT_MS } from '../../src/stream/heartbeat'

/** Feeds heartbeats at the given times (ms) into a fresh connection of `idle`. */
function beats(idle: ReturnType<typeof createIdleTimeout>, times: number[]): void {
  idle.startConnection()
  for (const at of times) idle.heartbeat(at)
}

describe('heartbeat timeout arithmetic', () => {
  it('waits three heartbeat intervals, at least 3 s', () => {
    expect(heartbeatTimeout(1000)).toBe(3000)
    expect(heartbeatTimeout(15_000)).toBe(45_000)
    expect(heartbeatTimeout(600)).toBe(MIN_HEARTBEAT_TIMEOUT_MS)
  })

  it('arms nothing for heartbeats rarer than every 100 s', () => {
    expect(heartbeatTimeout(100_000)).toBe(MAX_HEARTBEAT_TIMEOUT_MS)
    expect(heartbeatTimeout(100_001)).toBeUndefined()
  })
})

describe('the automatic idle timeout', () => {
  it('stays off until a connection brought two heartbeats, then arms at 3 × their gap', () => {
    const idle = createIdleTimeout(undefined)
    expect(idle.currentMs).toBeUndefined()
    beats(idle, [10_000])
    expect(idle.currentMs).toBeUndefined()
    idle.heartbeat(11_000)
    expect(idle.currentMs).toBe(3000)
  })

  it('follows the longest gap seen, so a late beat raises it and an early one never lowers it', () => {
    const idle = createIdleTimeout(undefined)
    beats(idle, [0, 1000, 2000, 4000])
    expect(idle.currentMs).toBe(6000)
    idle.heartbeat(5000)
    expect(idle.currentMs).toBe(6000)
  })

  it('counts heartbeats closer than half a second as one burst', () => {
    const idle = createIdleTimeout(undefined)
    beats(idle, [0, 5, 20, 300])
    expect(idle.currentMs).toBeUndefined()
    idle.heartbeat(20_000)
    expect(idle.currentMs).toBe(60_000)
  })

  it('keeps the learned time for the next connection until it learns its own', () => {
    const idle = createIdleTimeout(undefined)
    beats(idle, [0, 2000])
    idle.startConnection()
    expect(idle.currentMs).toBe(6000)
    idle.heartbeat(100_000)
    idle.heartbeat(101_000)
    expect(idle.currentMs).toBe(3000)
  })

  it('doubles an inherited time that fired before the new connection beat twice, and turns off past the ceiling', () => {
    const idle = createIdleTimeout(undefined)
    beats(idle, [0, 2000])
    idle.startConnection()
    idle.timedOut()
    // A second dead socket in a row is still noticed, later.
    expect(idle.currentMs).toBe(12_000)
    const seen: Array<number | undefined> = []
    for (let i = 0; i < 6; i++) {
      idle.startConnection()
      idle.timedOut()
      seen.push(idle.currentMs)
    }
    // A server that stopped its heartbeats: a few reconnects at growing intervals, then the watchdog is off.
    expect(seen).toEqual([24_000, 48_000, 96_000, 192_000, undefined, undefined])
  })

  it('keeps a time the connection learned itself when it fires', () => {
    const idle = createIdleTimeout(undefined)
    beats(idle, [0, 2000])
    idle.timedOut()
    expect(idle.currentMs).toBe(6000)
  })

  it('disarms when heartbeats turn out too sparse to tell silence from death', () => {
    const idle = createIdleTimeout(undefined)
    beats(idle, [0, 60_000])
    expect(idle.currentMs).toBe(180_000)
    idle.heartbeat(60_000 + 150_000)
    expect(idle.currentMs).toBeUndefined()
  })
})

describe('an explicit idleTimeoutMs', () => {
  it('wins over heartbeats', () => {
    const idle = createIdleTimeout(7000)
    expect(idle.currentMs).toBe(7000)
    beats(idle, [0, 1000, 2000])
    idle.timedOut()
    expect(idle.currentMs).toBe(7000)
  })

  it('of 0 turns the watchdog off whatever arrives', () => {
    const idle = createIdleTimeout(0)
    beats(idle, [0, 1000, 2000])
    expect(idle.currentMs).toBeUndefined()
  })
})
