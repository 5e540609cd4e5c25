import { afterEach, describe, expect, it, vi } from 'vitest'
import { sleptBetweenChecks, WAKE_CHECK_PERIOD_MS, watchForWake } from '../../src/stream/wake'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { closeAllStreams, sleep, waitUntil, watchStream } from './harness'

let server: ScriptedServer | undefined
afterEach(async () => {
  vi.useRealTimers()
  closeAllStreams()
  await server?.close()
  server = undefined
})

/**
 * Fakes only the wall clock and intervals: the loopback server, fetch and the test's waits keep real time,
 * while the test decides when the wake detector's checks run and how far the clock jumped in between.
 */
const fakeWallClock = () => vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })

/** The machine sleeps `ms`: the wall clock moves, no timer runs; then the next check comes. */
function sleepMachine(ms: number): void {
  vi.setSystemTime(Date.now() + ms)
  vi.advanceTimersByTime(WAKE_CHECK_PERIOD_MS)
}

describe('sleep arithmetic', () => {
  it('calls a check more than 10 s late a sleep', () => {
    expect(sleptBetweenChecks(WAKE_CHECK_PERIOD_MS, false)).toBe(false)
    expect(sleptBetweenChecks(WAKE_CHECK_PERIOD_MS + 10_000, false)).toBe(false)
    expect(sleptBetweenChecks(WAKE_CHECK_PERIOD_MS + 10_001, false)).toBe(true)
  })

  it('allows a hidden page the minute-long timer throttling of background tabs', () => {
    expect(sleptBetweenChecks(61_000, true)).toBe(false)
    expect(sleptBetweenChecks(61_000, false)).toBe(true)
    expect(sleptBetweenChecks(10 * 60_000, true)).toBe(true)
  })
})

describe('the wake detector', () => {
  it('calls onWake once when the clock jumps past a check, not while checks come on time', () => {
    vi.useFakeTimers()
    const onWake = vi.fn()
    const stop = watchForWake(onWake, Date.now, () => false)
    vi.advanceTimersByTime(WAKE_CHECK_PERIOD_MS * 10)
    expect(onWake).not.toHaveBeenCalled()
    // The machine sleeps for a minute: the wall clock moves, no timer runs.
    vi.setSystemTime(Date.now() + 60_000)
    vi.advanceTimersByTime(WAKE_CHECK_PERIOD_MS)
    expect(onWake).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(WAKE_CHECK_PERIOD_MS * 3)
    expect(onWake).toHaveBeenCalledTimes(1)
    stop()
  })

  it('stops checking once stopped', () => {
    vi.useFakeTimers()
    const onWake = vi.fn()
    watchForWake(onWake, Date.now, () => false)()
    expect(vi.getTimerCount()).toBe(0)
    vi.setSystemTime(Date.now() + 60_000)
    vi.advanceTimersByTime(WAKE_CHECK_PERIOD_MS * 2)
    expect(onWake).not.toHaveBeenCalled()
  })

  it('does not keep a Node process alive', () => {
    const spy = vi.spyOn(globalThis, 'setInterval')
    const stop = watchForWake(() => {})
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(false)
    stop()
    spy.mockRestore()
  })
})

describe('a stream waking from a sleep', () => {
  it('reconnects at once with Last-Event-ID, reporting wake, and leaves one connection open', async () => {
    fakeWallClock()
    server = await startScriptedServer([{ body: ['id:7_1\nevent:sse\ndata:hi\n\n'], then: 'hold' }, { then: 'hold' }])
    const watched = watchStream({ url: server.url, retry: { minMs: 5000, initialMs: 5000 } })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    vi.advanceTimersByTime(WAKE_CHECK_PERIOD_MS * 3)
    await sleep(100)
    expect(server.requests).toHaveLength(1)

    sleepMachine(30_000)
    await server.waitForRequests(2, 1000)
    expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('7_1'))
    expect(watched.statuses.find((entry) => entry.info.reason === 'wake')).toEqual({ status: 'connecting', info: { reason: 'wake' } })
    await waitUntil(() => expect(watched.stream.status).toBe('open'))
    await waitUntil(() => expect(server!.openConnections).toBe(1))
  })

  it('skips a pending backoff wait', async () => {
    fakeWallClock()
    server = await startScriptedServer([{ status: 503 }, { then: 'hold' }])
    const watched = watchStream({ url: server.url, retry: { minMs: 60_000, initialMs: 60_000, maxMs: 60_000 } })
    await waitUntil(() => expect(watched.stream.status).toBe('retrying'))
    sleepMachine(30_000)
    await server.waitForRequests(2, 1000)
  })

  it('stays stopped after close(), and after the server stopped it', async () => {
    fakeWallClock()
    server = await startScriptedServer([{ status: 403 }])
    const watched = watchStream({ url: server.url })
    await waitUntil(() => expect(watched.stream.status).toBe('closed'))
    sleepMachine(30_000)
    await sleep(200)
    expect(server.requests).toHaveLength(1)
    watched.stream.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('with wakeDetection false does nothing', async () => {
    fakeWallClock()
    server = await startScriptedServer([{ body: ['data:hi\n\n'], then: 'hold' }])
    const watched = watchStream({ url: server.url, wakeDetection: false })
    await waitUntil(() => expect(watched.events).toHaveLength(1))
    expect(vi.getTimerCount()).toBe(0)
    sleepMachine(30_000)
    await sleep(200)
    expect(server.requests).toHaveLength(1)
  })
})
