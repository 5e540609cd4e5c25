// Stream throughput over loopback: the same bytes read three ways, interleaved run by run.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createParser } from 'eventsource-parser'
import { openAlarmStream } from '../src/stream'
import { runBench } from './lib/result'
import { fmt, median, ratio } from './lib/stats'

interface Measured {
  events: number
  bytes: number
  ms: number
}

type Reader = (url: string, expected: number) => Promise<Measured>

/** Upper bound: read the body and count bytes, no parsing at all. */
const rawFetch: Reader = async (url, expected) => {
  const started = performance.now()
  const response = await fetch(url)
  const reader = response.body!.getReader()
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
  }
  return { events: expected, bytes, ms: performance.now() - started }
}

/** eventsource-parser as its README suggests: decode to text, feed the parser. */
const eventsourceParser: Reader = async (url) => {
  const started = performance.now()
  let events = 0
  let bytes = 0
  const parser = createParser({
    onEvent: (event) => {
      if (event.data) events++
    },
  })
  const response = await fetch(url)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    parser.feed(decoder.decode(value, { stream: true }))
  }
  return { events, bytes, ms: performance.now() - started }
}

/** Ours, end to end: request, parse, dispatch to onEvent; closed on the last event. Bytes are known, not counted, to add no work. */
const createOursReader = (streamBytes: number): Reader => (url, expected) =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    let events = 0
    const bytes = streamBytes
    let finished = false
    const stream = openAlarmStream({
      url,
      onEvent: () => {
        events++
        if (events === expected) {
          const ms = performance.now() - started
          finished = true
          stream.close()
          resolve({ events, bytes, ms })
        }
      },
      onStatus: (status, info) => {
        if (!finished && (status === 'retrying' || status === 'closed' || status === 'unauthorized')) {
          stream.close()
          reject(new Error(`stream ${status} after ${events} events: ${info.reason ?? ''} ${info.error?.message ?? ''}`))
        }
      },
    })
  })

await runBench('throughput', async ({ quick, log }) => {
  const eventCount = 100_000
  const runs = quick ? 5 : 15
  const child = fork(fileURLToPath(new URL('./lib/byte-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { port: number }).port))
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`byte server exited with ${code}`)))
    })
    child.send({ prepare: eventCount })
    const streamBytes = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { bytes: number }).bytes)))
    const url = `http://127.0.0.1:${port}/events?n=${eventCount}`
    const readers: Record<string, Reader> = { raw: rawFetch, parser: eventsourceParser, ours: createOursReader(streamBytes) }
    const samples: Record<string, Measured[]> = { raw: [], parser: [], ours: [] }

    // One warm-up pass each (JIT, sockets), then interleaved runs so drift hits every reader alike.
    for (const read of Object.values(readers)) await read(url, eventCount)
    for (let index = 0; index < runs; index++) {
      for (const [name, read] of Object.entries(readers)) {
        const measured = await read(url, eventCount)
        if (measured.events !== eventCount) throw new Error(`${name} saw ${measured.events} of ${eventCount} events`)
        samples[name]!.push(measured)
      }
      log(`run ${index + 1}/${runs}: ${Object.entries(samples).map(([name, list]) => `${name} ${list.at(-1)!.ms.toFixed(0)} ms`).join(', ')}`)
    }

    const eventsPerSecond = (name: string) => median(samples[name]!.map((s) => s.events / (s.ms / 1000)))
    const megabytesPerSecond = (name: string) => median(samples[name]!.map((s) => s.bytes / 1e6 / (s.ms / 1000)))
    const oursRate = eventsPerSecond('ours')
    const parserRate = eventsPerSecond('parser')
    const rawRate = eventsPerSecond('raw')
    return {
      title: 'Stream throughput (Node, loopback)',
      rows: [
        {
          metric: `events/s, ${eventCount.toLocaleString('en-US')} events of ~${Math.round(streamBytes / eventCount)} B, median of ${runs}`,
          ours: fmt(oursRate),
          baseline: `eventsource-parser ${fmt(parserRate)} (ours ${ratio(oursRate, parserRate)}); raw fetch read ${fmt(rawRate)} (ours ${ratio(oursRate, rawRate)})`,
          goal: '≥ 100,000 events/s',
          verdict: oursRate >= 100_000 ? 'met' : 'missed',
        },
        {
          metric: 'MB/s',
          ours: fmt(megabytesPerSecond('ours')),
          baseline: `eventsource-parser ${fmt(megabytesPerSecond('parser'))}; raw fetch ${fmt(megabytesPerSecond('raw'))}`,
          goal: '—',
          verdict: 'info',
        },
      ],
      notes: [
        `A loopback server in a separate process writes ${eventCount.toLocaleString('en-US')} Spring-style events (id:/event:sse/data:<alarm JSON>, ${(streamBytes / 1e6).toFixed(1)} MB) in 64 KiB writes; each reader fetches the same bytes.`,
        'ours = openAlarmStream end to end (fetch, parse, onEvent per event); eventsource-parser = fetch + TextDecoder + parser.feed; raw = fetch body read, no parsing (upper bound).',
        `One warm-up pass per reader, then ${runs} interleaved runs; medians.`,
      ],
      raw: { eventCount, streamBytes, runs, samples },
    }
  } finally {
    child.disconnect()
    child.kill()
  }
})
