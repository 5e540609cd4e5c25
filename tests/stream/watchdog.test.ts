import { describe, expect, it } from 'vitest'
import { startScriptedServer, type ScriptedResponse, type ScriptedServer, type ScriptStep } from '../helpers/scripted-server'
import { sleep, waitUntil, watchStream, type WatchedStream } from './harness'
import type { AlarmStreamOptions } from '../../src/stream'

/**
 * These tests wait in real time (the watchdog is about real silence), so each runs concurrently with its own
 * server and stream, closed when it ends.
 */
async function withStream(
  script: ScriptedResponse[],
  options: Omit<AlarmStreamOptions, 'url'>,
  test: (server: ScriptedServer, watched: WatchedStream) => Promise<void>,
): Promise<void> {
  const server = await startScriptedServer(script)
  const watched = watchStream({ url: server.url, ...options })
  try {
    await test(server, watched)
  } finally {
    watched.stream.close()
    await server.close()
  }
}

/** The Spring handshake, then `count` heartbeat comments `everyMs` apart; then the script says what follows. */
/** The longest pause between two chunks the client read. */
const longestGap = (times: number[]) => Math.max(...times.slice(1).map((at, index) => at - times[index]!))

function heartbeats(count: number, everyMs: number): ScriptStep[] {
  const steps: ScriptStep[] = ['id:1_1\nevent:sse\ndata:EventStream Created. [userId=1]\n\n']
  for (let beat = 0; beat < count; beat++) steps.push({ delayMs: everyMs }, ':hb\n\n')
  return steps
}

/** A fetch that notes when each body chunk of the first response reached the client. */
function chunkTimingFetch(chunkTimes: number[]): typeof fetch {
  let first = true
  return async (input, init) => {
    const response = await fetch(input, init)
    if (!first || !response.body) return response
    first = false
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        chunkTimes.push(performance.now())
        controller.enqueue(chunk)
      },
    })
    return new Response(response.body.pipeThrough(tap), { status: response.status, headers: response.headers })
  }
}

describe.concurrent('the idle watchdog, by default', () => {
  it('learns 1 s heartbeats and reconnects ≈3 s after they stop on a socket that stays open (a blackhole), with Last-Event-ID', async () => {
    // The server stops writing but keeps the socket: no close, no error ever reaches the client.
    const chunkTimes: number[] = []
    await withStream([{ body: heartbeats(4, 1000), then: 'hold' }, { then: 'hold' }], { fetch: chunkTimingFetch(chunkTimes) }, async (server, watched) => {
      await server.waitForRequests(2, 10_000)
      const silentForMs = server.requests[1]!.at - chunkTimes.at(-1)!
      expect(chunkTimes.length).toBeGreaterThanOrEqual(5)
      expect(silentForMs).toBeGreaterThanOrEqual(2900)
      // Three times the longest gap seen (late beats on a busy machine lengthen it), plus a late timer's slack.
      expect(silentForMs).toBeLessThanOrEqual(3 * longestGap(chunkTimes) + 1000)
      expect(server.requests[1]!.lastEventIdBytes).toEqual(Buffer.from('1_1'))
      const retrying = watched.statuses.find((entry) => entry.status === 'retrying')!.info
      expect(retrying).toMatchObject({ reason: 'idle-timeout' })
      expect(retrying.error).toMatchObject({ code: 'timeout' })
      // The dead request was aborted: only the new one stays open.
      await waitUntil(() => expect(server.openConnections).toBe(1))
    })
  })

  it('keeps a connection that goes on beating', async () => {
    await withStream([{ body: heartbeats(6, 1000), then: 'hold' }], {}, async (server) => {
      await sleep(5500)
      expect(server.requests).toHaveLength(1)
    })
  })

  it('arms nothing on a stream without heartbeats (Spring default) or with a single greeting comment', async () => {
    const body = [':ok\n\n', 'id:1_1\nevent:sse\ndata:EventStream Created. [userId=1]\n\n', { delayMs: 600 }, 'id:1_2\nevent:sse\ndata:{"id":1}\n\n']
    await withStream([{ body, then: 'hold' }], {}, async (server, watched) => {
      await sleep(4500)
      expect(watched.events).toHaveLength(2)
      expect(server.requests).toHaveLength(1)
    })
  })

  it('does not take a comment written in the same chunk as an alarm for a heartbeat', async () => {
    // Counted as heartbeats, these 700 ms gaps would arm a 3 s watchdog that fires 4.4 s in.
    const alarmWithComment = (n: number) => `id:${n}\nevent:sse\ndata:{"id":${n}}\n\n:sent\n\n`
    const body = [alarmWithComment(1), { delayMs: 700 }, alarmWithComment(2), { delayMs: 700 }, alarmWithComment(3)]
    await withStream([{ body, then: 'hold' }], {}, async (server, watched) => {
      await sleep(5000)
      expect(watched.events).toHaveLength(3)
      expect(server.requests).toHaveLength(1)
    })
  })
})

describe.concurrent('an explicit idleTimeoutMs', () => {
  it('wins over the time learned from heartbeats', async () => {
    const chunkTimes: number[] = []
    // 2 s beats would teach at least 6 s; the explicit 1.5 s must fire well before that.
    await withStream([{ body: heartbeats(3, 2000), then: 'hold' }, { then: 'hold' }], { idleTimeoutMs: 1500, fetch: chunkTimingFetch(chunkTimes) }, async (server) => {
      await server.waitForRequests(2, 15_000)
      const silentForMs = server.requests[1]!.at - chunkTimes.at(-1)!
      expect(silentForMs).toBeGreaterThanOrEqual(1400)
      expect(silentForMs).toBeLessThan(4500)
    })
  })

  it('of 0 turns the watchdog off, heartbeats or not', async () => {
    await withStream([{ body: heartbeats(3, 1000), then: 'hold' }], { idleTimeoutMs: 0 }, async (server) => {
      // The learned watchdog would fire 3 s after the last heartbeat, at 6 s.
      await sleep(7000)
      expect(server.requests).toHaveLength(1)
    })
  })
})
