// A long session in Node (run with --expose-gc): a store with maxItems 500 receives 24 000 alarms in bursts, its
// stream dropped every few bursts (each reconnect reconciles over REST), and the heap is read after forced GCs.
// Everything the store remembers per alarm must stay bounded by what it keeps: growth per 1 000 alarms seen.
// No server: the stream is a fake `fetch` answering an SSE body the bench writes to, REST an axios adapter.
// BENCH_SRC=<dir>/ measures another copy of the sources (e.g. an older commit exported with `git archive`);
// BENCH_ALARMS, BENCH_WARM_UP and BENCH_DROP_EVERY (bursts between drops) change the run.
import axios, { type AxiosAdapter } from 'axios'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { runBench } from './lib/result'
import { fmt, median, sleep, waitFor } from './lib/stats'

const TOTAL = Number(process.env.BENCH_ALARMS ?? 24_000)
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 4_000)
const BURST = 200
const BURSTS_PER_DROP = Number(process.env.BENCH_DROP_EVERY ?? 10)
const MAX_ITEMS = 500
const PAGE = 20

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

/** The server side: an SSE body per connection, and REST answers from the newest page only (it keeps nothing more). */
function createFakeBackend() {
  const encoder = new TextEncoder()
  let body: ReadableStreamDefaultController<Uint8Array> | null = null
  let newest: ReturnType<typeof rawAlarm>[] = []
  let published = 0
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        body = controller
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
      },
    })
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  }
  const adapter: AxiosAdapter = async (config) => {
    const data = config.url?.endsWith('/count') ? { count: published } : { items: newest, total: published }
    return { data, status: 200, statusText: 'OK', headers: {}, config, request: {} }
  }
  return {
    fetch,
    axios: axios.create({ adapter }),
    /** One network chunk with `count` alarms. */
    publish(count: number) {
      const alarms = Array.from({ length: count }, () => rawAlarm(++published))
      newest = [...alarms.slice(-PAGE).reverse(), ...newest].slice(0, PAGE)
      body?.enqueue(encoder.encode(alarms.map((alarm) => `id:${alarm.id}\nevent:sse\ndata:${JSON.stringify(alarm)}\n\n`).join('')))
      return published
    },
    /** The server ends the stream (a proxy's idle cut): the client reconnects. */
    drop() {
      body?.close()
      body = null
    },
  }
}

async function heapUsed(): Promise<number> {
  for (let index = 0; index < 3; index++) {
    globalThis.gc!()
    await sleep(5)
  }
  return process.memoryUsage().heapUsed
}

await runBench('long-session', async ({ log }) => {
  if (!globalThis.gc) throw new Error('run with node --expose-gc (npm run bench does)')
  const backend = createFakeBackend()
  const app = createApp({ render: () => null })
  app.use(createPinia())
  app.use(
    createAlarms({
      axios: backend.axios,
      getToken: () => 'token',
      ssr: false,
      sharedConnection: false,
      maxItems: MAX_ITEMS,
      stream: { fetch: backend.fetch, retry: { minMs: 10, initialMs: 10, shortOutageMaxMs: 20 } },
    }),
  )
  const store = app.runWithContext(() => useAlarmsStore())
  const samples: { seen: number; heap: number }[] = []
  try {
    await waitFor(() => store.status === 'open' && !store.loading, 10_000, 'store open')
    let bursts = 0
    while (samples.length === 0 || samples[samples.length - 1]!.seen < TOTAL) {
      const last = backend.publish(BURST)
      await waitFor(() => store.lastEventId === String(last), 10_000, `alarm ${last}`)
      if (++bursts % BURSTS_PER_DROP === 0) {
        backend.drop()
        await waitFor(() => store.status !== 'open', 10_000, 'the drop noticed')
        await waitFor(() => store.status === 'open', 10_000, 'reconnected')
      }
      if (last >= WARM_UP && last % 1_000 === 0) {
        await waitFor(() => !store.loading, 10_000, 'reconcile done')
        samples.push({ seen: last, heap: await heapUsed() })
      }
    }
  } finally {
    store.$dispose()
  }
  // One GC'd reading can be off by a few hundred KB: compare the median of the first third with that of the last.
  const third = Math.max(1, Math.floor(samples.length / 3))
  const early = samples.slice(0, third)
  const late = samples.slice(-third)
  const alarmsBetween = median(late.map((sample) => sample.seen)) - median(early.map((sample) => sample.seen))
  const perThousand = (median(late.map((sample) => sample.heap)) - median(early.map((sample) => sample.heap))) / (alarmsBetween / 1000)
  log(`heap growth ${fmt(perThousand / 1024, 'KB')} per 1,000 alarms seen; store holds ${store.items.length}`)
  return {
    title: `Long session: ${TOTAL.toLocaleString('en-US')} alarms in bursts, maxItems ${MAX_ITEMS}`,
    rows: [
      {
        metric: `heap growth per 1,000 alarms seen (store, maxItems ${MAX_ITEMS}, after the first ${WARM_UP.toLocaleString('en-US')})`,
        ours: `${fmt(perThousand / 1024, 'KB')} (${store.items.length} alarms held)`,
        baseline: '—',
        goal: '< 10 KB per 1,000',
        verdict: perThousand < 10 * 1024 ? 'met' : 'missed',
      },
    ],
    notes: [
      `Bursts of ${BURST} alarms in one chunk; the stream is dropped every ${BURSTS_PER_DROP} bursts and reconnects (each reconnect reconciles over REST). Heap: heapUsed after three forced GCs, every 1,000 alarms from ${WARM_UP.toLocaleString('en-US')} on; growth compares the median of the first third of the readings with that of the last third.`,
      'Node, no server: the stream is a fake fetch answering an SSE body the bench writes to; REST an axios adapter answering from the newest page and the count.',
    ],
    raw: { samples },
  }
})
