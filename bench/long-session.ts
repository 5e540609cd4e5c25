// A long session in Node (run with --expose-gc): a store with maxItems 500 receives alarms in bursts, its stream
// dropped every few bursts (each reconnect reconciles over REST), and the heap is read after forced GCs. Everything
// the store remembers per alarm must stay bounded by what it keeps: heap growth per 1 000 alarms seen.
// Beside it, in the same process and over the same transport, a control: a bare reader of the same bodies
// (fetch-event-source's parse stages, a new request after each drop) with none of our code, so what Node's
// fetch/streams machinery costs shows apart from what is ours.
// BENCH_SRC=<dir>/ measures another copy of the sources (e.g. an older commit exported with `git archive`);
// BENCH_RUNS, BENCH_ALARMS (measured, after the warm-up), BENCH_WARM_UP and BENCH_DROP_EVERY change the run;
// BENCH_KEEP_SNAPSHOTS=1 keeps the heap snapshots taken at both ends of each run; BENCH_TRANSPORT=loopback reads a
// local HTTP server with Node's global fetch instead of a ReadableStream body.
import { getBytes, getLines, getMessages } from '@microsoft/fetch-event-source/lib/esm/parse'
import { mkdir } from 'node:fs/promises'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import axios, { type AxiosAdapter } from 'axios'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { censusGrowth, readCensus, readHeap, slope, takeSnapshot, type HeapReading } from './lib/heap-slope'
import { runBench } from './lib/result'
import { fmt, median, waitFor } from './lib/stats'

const quick = process.argv.includes('--quick')
const RUNS = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 5))
const MEASURED = Number(process.env.BENCH_ALARMS ?? (quick ? 20_000 : 40_000))
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 8_000)
const BURST = 200
const BURSTS_PER_DROP = Number(process.env.BENCH_DROP_EVERY ?? 10)
const MAX_ITEMS = 500
const PAGE = 20
/** Keeps the heap snapshots in bench/.tmp/ for `tsx bench/heap-diff.ts` or DevTools' comparison view. */
const KEEP_SNAPSHOTS = process.env.BENCH_KEEP_SNAPSHOTS === '1'
/** `memory` (default): a fake fetch answering a ReadableStream body; `loopback`: a local HTTP server and global fetch. */
const TRANSPORT = process.env.BENCH_TRANSPORT === 'loopback' ? 'loopback' : 'memory'

const src = process.env.BENCH_SRC ?? new URL('../src/', import.meta.url).href
const { createAlarms } = (await import(`${src}plugin.ts`)) as typeof import('../src/plugin')
const { useAlarmsStore } = (await import(`${src}store/index.ts`)) as typeof import('../src/store')

function rawAlarm(id: number) {
  return {
    id,
    type: 'COMMENT',
    content: `Jiwoo left a comment on your post "Weekly report ${id % 97}" #${id}`,
    url: `/posts/${id % 1000}`,
    isRead: false,
    createdAt: new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString(),
  }
}

/** Where the SSE bodies come from: `write` sends one network chunk on the open connection, `drop` ends it. */
interface SseTransport {
  fetch: typeof globalThis.fetch
  write(text: string): void
  drop(): void
  close(): Promise<void>
}

/** A `Response` around a `ReadableStream` the bench writes to: Node's fetch body machinery without a socket. */
function memoryTransport(): SseTransport {
  const encoder = new TextEncoder()
  let body: ReadableStreamDefaultController<Uint8Array> | null = null
  const ends = new WeakMap<ReadableStreamDefaultController<Uint8Array>, () => void>()
  return {
    async fetch(_input, init) {
      const signal = init?.signal
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          body = controller
          // Removed when the body ends, so the server side holds no listener of a finished connection.
          const onAbort = () => controller.error(new DOMException('aborted', 'AbortError'))
          signal?.addEventListener('abort', onAbort, { once: true })
          ends.set(controller, () => signal?.removeEventListener('abort', onAbort))
        },
      })
      return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } })
    },
    write: (text) => body?.enqueue(encoder.encode(text)),
    drop() {
      if (body) ends.get(body)?.()
      body?.close()
      body = null
    },
    close: async () => {},
  }
}

/** A loopback HTTP server read with Node's global fetch (undici, sockets and all); it runs in this process too. */
async function loopbackTransport(): Promise<SseTransport> {
  let response: ServerResponse | null = null
  const server = createServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.flushHeaders()
    response = res
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`
  return {
    fetch: (_input, init) => globalThis.fetch(url, init),
    write: (text) => response?.write(text),
    drop() {
      response?.end()
      response = null
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** The server side: an SSE body per connection, and REST answers from the newest page only (it keeps nothing more). */
async function createBackend() {
  const transport = TRANSPORT === 'loopback' ? await loopbackTransport() : memoryTransport()
  let newest: ReturnType<typeof rawAlarm>[] = []
  let published = 0
  const adapter: AxiosAdapter = async (config) => {
    const data = config.url?.endsWith('/count') ? { count: published } : { items: newest, total: published }
    return { data, status: 200, statusText: 'OK', headers: {}, config, request: {} }
  }
  return {
    fetch: transport.fetch,
    axios: axios.create({ adapter }),
    /** One network chunk with `count` alarms; returns the newest id. */
    publish(count: number) {
      const alarms = Array.from({ length: count }, () => rawAlarm(++published))
      newest = [...alarms.slice(-PAGE).reverse(), ...newest].slice(0, PAGE)
      transport.write(alarms.map((alarm) => `id:${alarm.id}\nevent:sse\ndata:${JSON.stringify(alarm)}\n\n`).join(''))
      return published
    },
    /** The server ends the stream (a proxy's idle cut): the client reconnects. */
    drop: () => transport.drop(),
    close: () => transport.close(),
  }
}

type Backend = Awaited<ReturnType<typeof createBackend>>

/** What a session under test exposes to the driver loop. */
interface Reader {
  lastEventId(): string
  /** Resolves once a drop was noticed and a new connection is open (and, for the store, reconciled). */
  reconnected(): Promise<void>
  settled(): Promise<void>
  held(): number
  dispose(): void
}

async function openStore(backend: Backend): Promise<Reader> {
  const app = createApp({ render: () => null })
  app.use(createPinia())
  app.use(
    createAlarms({
      axios: backend.axios,
      getToken: () => 'token',
      ssr: false,
      sharedConnection: false,
      maxItems: MAX_ITEMS,
      // The reconcile starts at once, so every reading finds it finished.
      reconcileJitterMs: 0,
      // Forced GCs and heap snapshots stall the event loop for seconds on a loaded machine, which the wake detector
      // would rightly read as a sleep and reconnect, losing the burst written meanwhile to the abandoned connection.
      stream: { fetch: backend.fetch, wakeDetection: false, retry: { minMs: 10, initialMs: 10, shortOutageMaxMs: 20 } },
    }),
  )
  const store = app.runWithContext(() => useAlarmsStore())
  await waitFor(() => store.status === 'open' && !store.loading, 10_000, 'store open')
  return {
    lastEventId: () => store.lastEventId,
    async reconnected() {
      await waitFor(() => store.status !== 'open', 10_000, 'the drop noticed')
      await waitFor(() => store.status === 'open', 10_000, 'reconnected')
    },
    settled: () => waitFor(() => !store.loading, 10_000, 'reconcile done').then(() => undefined),
    held: () => store.items.length,
    dispose: () => store.$dispose(),
  }
}

/** The control: the same bodies read with fetch-event-source's parse stages and nothing of ours. */
async function openBareReader(backend: Backend): Promise<Reader> {
  const controller = new AbortController()
  let lastEventId = ''
  let connections = 0
  let received = 0
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await backend.fetch('/stream', { headers: { 'Last-Event-ID': lastEventId }, signal: controller.signal })
        connections++
        // Parsed as the store parses each alarm, then dropped: the control keeps nothing.
        const onMessage = (message: { data: string }) => {
          if (JSON.parse(message.data) !== null) received++
        }
        await getBytes(response.body!, getLines(getMessages((id) => (lastEventId = id), () => {}, onMessage)))
      } catch {
        // Aborted at the end of the run; a drop ends the body normally.
      }
    }
  })()
  await waitFor(() => connections > 0, 10_000, 'bare reader open')
  return {
    lastEventId: () => lastEventId,
    async reconnected() {
      const before = connections
      await waitFor(() => connections > before, 10_000, 'bare reader reconnected')
    },
    settled: async () => {},
    held: () => 0,
    dispose: () => controller.abort(),
  }
}

interface RunResult {
  samples: Array<{ seen: number } & HeapReading>
  /** Theil–Sen growth per 1,000 alarms over the measured phase. */
  usedPerThousand: number
  dataPerThousand: number
  /** Growth of objects (no compiled code, no engine internals) between heap snapshots at both ends of the phase. */
  objectsPerThousand: number
  objectGrowth: ReturnType<typeof censusGrowth>
  held: number
}

const snapshotDir = new URL('.tmp/', import.meta.url)
const snapshotFile = (name: string) => new URL(`long-session-${process.pid}-${name}.heapsnapshot`, snapshotDir).pathname

/** One session: warm-up (not measured), then a reading after every reconnect until MEASURED more alarms were seen. */
async function measure(open: (backend: Backend) => Promise<Reader>): Promise<RunResult> {
  const backend = await createBackend()
  const reader = await open(backend)
  const samples: RunResult['samples'] = []
  const snapshots: string[] = []
  let bursts = 0
  try {
    for (;;) {
      const last = backend.publish(BURST)
      await waitFor(() => reader.lastEventId() === String(last), 10_000, `alarm ${last}`)
      if (++bursts % BURSTS_PER_DROP !== 0) continue
      backend.drop()
      await reader.reconnected()
      if (last < WARM_UP) continue
      await reader.settled()
      // Readings at the same point of the drop cycle: just after a reconnect, its reconcile done.
      samples.push({ seen: last, ...(await readHeap()) })
      const done = last >= WARM_UP + MEASURED
      if (samples.length === 1 || done) snapshots.push(takeSnapshot(snapshotFile(`${open.name}-${snapshots.length}`)))
      if (done) break
    }
  } finally {
    reader.dispose()
    await backend.close()
  }
  const perThousand = (key: keyof HeapReading) => slope(samples.map((sample) => ({ x: sample.seen / 1000, y: sample[key] })))
  const [first, last] = [samples[0]!, samples[samples.length - 1]!]
  const before = await readCensus(snapshots[0]!, KEEP_SNAPSHOTS)
  const after = await readCensus(snapshots[1]!, KEEP_SNAPSHOTS)
  return {
    samples,
    usedPerThousand: perThousand('used'),
    dataPerThousand: perThousand('data'),
    objectsPerThousand: (after.bytes - before.bytes) / ((last.seen - first.seen) / 1000),
    objectGrowth: censusGrowth(before, after),
    held: reader.held(),
  }
}

const kb = (bytes: number) => fmt(bytes / 1024, 'KB')
const spread = (values: number[]) => `${values.map((value) => fmt(value / 1024)).join(', ')}`

await runBench('long-session', async ({ log }) => {
  await mkdir(snapshotDir, { recursive: true })
  const store: RunResult[] = []
  const bare: RunResult[] = []
  // Alternating in one process, so both see the same engine state (warm code, heap size) at the same time.
  for (let run = 0; run < RUNS; run++) {
    store.push(await measure(openStore))
    bare.push(await measure(openBareReader))
    log(
      `run ${run + 1}/${RUNS}, per 1,000 alarms: store ${kb(store[run]!.usedPerThousand)} (objects ${kb(store[run]!.objectsPerThousand)}), ` +
        `bare reader ${kb(bare[run]!.usedPerThousand)} (objects ${kb(bare[run]!.objectsPerThousand)})`,
    )
  }
  const summary = (results: RunResult[]) => ({
    used: median(results.map((result) => result.usedPerThousand)),
    objects: median(results.map((result) => result.objectsPerThousand)),
    usedRuns: spread(results.map((result) => result.usedPerThousand)),
    objectRuns: spread(results.map((result) => result.objectsPerThousand)),
  })
  const ours = summary(store)
  const control = summary(bare)
  const held = store[store.length - 1]!.held
  const total = `${(WARM_UP + MEASURED).toLocaleString('en-US')}`
  return {
    title: `Long session: ${total} alarms in bursts, maxItems ${MAX_ITEMS}${TRANSPORT === 'loopback' ? ', loopback HTTP' : ''}`,
    rows: [
      {
        metric: `heap growth per 1,000 alarms seen, median of ${RUNS} runs (store, maxItems ${MAX_ITEMS}, ${MEASURED.toLocaleString('en-US')} alarms after a ${WARM_UP.toLocaleString('en-US')}-alarm warm-up)`,
        ours: `${kb(ours.used)} (runs: ${ours.usedRuns} KB; ${held} alarms held)`,
        baseline: `bare fetch reader of the same stream ${kb(control.used)} (runs: ${control.usedRuns} KB)`,
        goal: '< 10 KB per 1,000',
        verdict: ours.used < 10 * 1024 ? 'met' : 'missed',
      },
      {
        metric: 'objects alone: heap snapshots at both ends of the phase, compiled code and engine internals left out',
        ours: `${kb(ours.objects)} (runs: ${ours.objectRuns} KB)`,
        baseline: `bare fetch reader ${kb(control.objects)} (runs: ${control.objectRuns} KB)`,
        goal: '—',
        verdict: 'info',
      },
    ],
    notes: [
      `Bursts of ${BURST} alarms in one chunk; the stream is dropped every ${BURSTS_PER_DROP} bursts and reconnects (each store reconnect reconciles over REST). After a ${WARM_UP.toLocaleString('en-US')}-alarm warm-up, heapUsed is read after four forced full GCs just after each reconnect; growth is the Theil–Sen slope (median of pairwise slopes) over the ${MEASURED.toLocaleString('en-US')} alarms that follow. Objects: heap snapshots at the first and last reading, summing every node but compiled code, maps and engine internals. Store and control runs alternate in one process; each row is the median of ${RUNS} runs.`,
      TRANSPORT === 'loopback'
        ? "Node: the stream is a loopback HTTP server in this process, read with Node's global fetch; REST an axios adapter answering from the newest page and the count. The control reads the same bodies with fetch-event-source getBytes/getLines/getMessages and reconnects at once, with none of our code."
        : 'Node, no server: the stream is a fake fetch answering a ReadableStream body wrapped in a real Response; REST an axios adapter answering from the newest page and the count. The control reads the same bodies with fetch-event-source getBytes/getLines/getMessages and reconnects at once, with none of our code.',
    ],
    raw: { transport: TRANSPORT, runs: RUNS, warmUp: WARM_UP, measured: MEASURED, store, bare },
  }
})
