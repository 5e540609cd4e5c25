// Memory for 10 000 alarms, and the time to open the panel. Node (run with --expose-gc): the same data in a
// shallowRef vs a deep ref, then the real store filled over the stream; Chromium: the store behind <AlarmBell>,
// heap read through the DevTools protocol.
import { mkdir, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createPinia } from 'pinia'
import { computed, createApp, ref, shallowRef, type Ref } from 'vue'
// Module paths, not '../src': the package root also exports the .vue components, which Node cannot load.
import { parseAlarm } from '../src/alarms'
import type { Alarm } from '../src/alarms'
import { createAlarms } from '../src/plugin'
import { useAlarmsStore } from '../src/store'
import { spawnTestApi } from '../tests/helpers/server-process'
import { createTestApiClient } from '../tests/helpers/test-api-client'
import { startTestApi } from '../tests/helpers/test-server'
import { openBenchPage, waitForPage } from './lib/browser-page'
import { launchChromium } from '../tests/helpers/browser'
import { buildBenchPages } from './lib/pages'
import { runBench } from './lib/result'
import { fmt, median, sleep, waitFor } from './lib/stats'

const ALARMS = 10_000
const MB = 1024 * 1024
/** How long a fill may take before the heap is measured with what arrived. */
const FILL_TIMEOUT_MS = 8_000

const collect = globalThis.gc
  ? async () => {
      for (let index = 0; index < 3; index++) {
        globalThis.gc!()
        await sleep(5)
      }
    }
  : undefined

async function heapUsed(): Promise<number> {
  await collect!()
  return process.memoryUsage().heapUsed
}

/** Alarms as the stream delivers them: JSON text parsed by the library's parseAlarm (fresh objects each call). */
function buildAlarms(count: number): Alarm[] {
  const alarms: Alarm[] = []
  for (let index = 1; index <= count; index++) {
    const json = JSON.stringify({
      id: index,
      type: 'COMMENT',
      content: `Jiwoo left a comment on your post "Weekly report ${index % 97}" #${index}`,
      url: `/posts/${index % 1000}`,
      isRead: index % 3 === 0,
      createdAt: `2026-11-25T09:${String(index % 60).padStart(2, '0')}:12.123`,
    })
    alarms.push(parseAlarm(JSON.parse(json))!)
  }
  return alarms
}

/** Holds the data in a ref and reads it the way the panel and the badge do: every item, every shown field. */
async function measureHolder(kind: 'plain' | 'shallow' | 'deep'): Promise<number> {
  const before = await heapUsed()
  const data = buildAlarms(ALARMS)
  let holder: Ref<Alarm[]> | Alarm[]
  let reads: (() => number) | undefined
  if (kind === 'plain') {
    holder = data
  } else {
    const source = kind === 'shallow' ? shallowRef(data) : ref(data)
    holder = source as Ref<Alarm[]>
    const unread = computed(() => source.value.filter((alarm) => !alarm.isRead).length)
    const shown = computed(() => source.value.reduce((sum, alarm) => sum + alarm.content.length + alarm.url.length + String(alarm.createdAt).length, 0))
    reads = () => unread.value + shown.value
    reads()
  }
  const after = await heapUsed()
  // Keep everything alive until measured.
  if (reads && !Array.isArray(holder)) reads()
  return after - before
}

async function measureStoreInNode(): Promise<{ bytes: number; stored: number }> {
  const dir = fileURLToPath(new URL('./.tmp/heap-db/', import.meta.url))
  await mkdir(dir, { recursive: true })
  const api = await spawnTestApi({ dbFile: `${dir}alarms.sqlite` })
  try {
    const client = createTestApiClient(api.url)
    const { accessToken } = await client.login(1)
    const app = createApp({ render: () => null })
    app.use(createPinia())
    app.use(createAlarms({ baseURL: `${api.url}/api`, getToken: () => accessToken, ssr: false, sharedConnection: false }))
    const store = app.runWithContext(() => useAlarmsStore())
    try {
      await waitFor(() => store.status === 'open' && !store.loading, 10_000, 'store open')
      await sleep(300)
      const before = await heapUsed()
      await client.publishMany(1, { content: 'heap', count: ALARMS })
      // Measured with whatever the store holds once it is quiet: a store that drops alarms shows up as `stored` < ALARMS.
      await waitFor(() => store.items.length >= ALARMS && !store.loading, FILL_TIMEOUT_MS, 'store filled').catch(() => {})
      await waitFor(() => !store.loading, 10_000, 'store not loading')
      await sleep(500)
      const after = await heapUsed()
      return { bytes: after - before, stored: store.items.length }
    } finally {
      app.unmount()
      store.disconnect()
    }
  } finally {
    await api.close()
    await rm(dir, { recursive: true, force: true })
  }
}

interface PanelOpen {
  items: number
  /** Click → panel in the DOM with its items, style and layout done (forced). */
  renderMs: number
  /** Click → the next animation frame. */
  frameMs: number
  /** Rows in the DOM at that frame (the panel renders a screenful first). */
  firstFrameItems: number
  /** Click → the whole window of rows rendered (checked at each frame). */
  windowMs: number
}

const OPEN_PANEL = `(async () => {
  const button = document.querySelector('.vsa-bell__button');
  const started = performance.now();
  button.click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const panel = document.querySelector('.vsa-panel');
  panel.getBoundingClientRect();
  const rendered = performance.now();
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const frame = performance.now();
  const rows = () => panel.querySelectorAll('.vsa-panel__list > li').length;
  const firstFrameItems = rows();
  const wanted = Math.min(50, window.__benchPage.store.items.length);
  while (rows() < wanted && performance.now() - started < 1000) await new Promise((resolve) => requestAnimationFrame(resolve));
  const windowMs = performance.now() - started;
  const items = rows();
  button.click();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { items, renderMs: rendered - started, frameMs: frame - started, firstFrameItems, windowMs };
})()`

await runBench('heap', async ({ quick, log }) => {
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)')
  const rounds = quick ? 3 : 5
  const opens = quick ? 5 : 9

  // --- Node: the same 10 000 alarms, plain / shallowRef / deep ref, interleaved rounds
  const holders: Record<'plain' | 'shallow' | 'deep', number[]> = { plain: [], shallow: [], deep: [] }
  await measureHolder('shallow') // warm-up: compiles the code paths before anything is measured
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['plain', 'shallow', 'deep'] as const) holders[kind].push(await measureHolder(kind))
  }
  const shallowMb = median(holders.shallow) / MB
  const deepMb = median(holders.deep) / MB
  const plainMb = median(holders.plain) / MB
  log(`node: plain ${plainMb.toFixed(2)} MB, shallowRef ${shallowMb.toFixed(2)} MB, deep ref ${deepMb.toFixed(2)} MB`)

  const storeNode = await measureStoreInNode()
  log(`node store: ${(storeNode.bytes / MB).toFixed(2)} MB for ${storeNode.stored}`)

  // --- Chromium: the bell page, heap via CDP; panel opening with 50 and with 10 000 alarms in the store
  const pagesDir = await buildBenchPages()
  const server = await startTestApi({ staticDir: pagesDir })
  const client = createTestApiClient(server.url)
  const chromium = await launchChromium()
  let browserHeap: { before: number; after: number; stored: number; longestTaskMs: number }
  const panel: Record<'fifty' | 'full', PanelOpen[]> = { fifty: [], full: [] }
  try {
    const context = await chromium.browser.newContext()
    const openPanelTimes = async (tab: import('playwright-core').Page, key: 'fifty' | 'full') => {
      await tab.evaluate(OPEN_PANEL) // warm-up
      for (let index = 0; index < opens; index++) panel[key].push((await tab.evaluate(OPEN_PANEL)) as PanelOpen)
    }
    const ready = "window.__benchPage?.store.status === 'open' && !window.__benchPage.store.loading"

    // 50 alarms, all arrived over the stream (the first REST page holds only 20).
    const small = await client.login(401)
    const smallTab = await openBenchPage(context, server.url, 'bell', { token: small.accessToken, userId: 401, sharedConnection: false })
    await waitForPage(smallTab, ready, 'the 50-alarm page to open')
    await client.publishMany(401, { content: 'panel', count: 50 })
    await waitForPage(smallTab, 'window.__benchPage.store.items.length === 50 && !window.__benchPage.store.loading', '50 alarms in the store')
    await sleep(300)
    await openPanelTimes(smallTab, 'fifty')
    await smallTab.close()

    const big = await client.login(402)
    const tab = await openBenchPage(context, server.url, 'bell', { token: big.accessToken, userId: 402, sharedConnection: false })
    await waitForPage(tab, ready, 'the 10,000-alarm page to open')
    const cdp = await tab.context().newCDPSession(tab)
    const usedHeap = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      await cdp.send('HeapProfiler.collectGarbage')
      return (await cdp.send('Runtime.getHeapUsage')).usedSize
    }
    await sleep(300)
    const before = await usedHeap()
    // Long tasks of the burst only: not the page's start, nor the garbage collections forced around it.
    const burstStart = (await tab.evaluate('performance.timeOrigin + performance.now()')) as number
    await client.publishMany(402, { content: 'heap', count: ALARMS })
    await waitForPage(tab, `window.__benchPage.store.items.length >= ${ALARMS} && !window.__benchPage.store.loading`, `${ALARMS} alarms in the store`, FILL_TIMEOUT_MS).catch(() => {})
    await waitForPage(tab, '!window.__benchPage.store.loading', 'the store to stop loading')
    await sleep(500)
    const longestTaskMs = (await tab.evaluate(
      `Math.max(0, ...window.__probe.longTasks.filter((task) => task.start >= ${burstStart}).map((task) => task.duration))`,
    )) as number
    const after = await usedHeap()
    browserHeap = { before, after, stored: (await tab.evaluate('window.__benchPage.store.items.length')) as number, longestTaskMs }
    log(`chromium: ${((after - before) / MB).toFixed(2)} MB for ${browserHeap.stored}`)
    await openPanelTimes(tab, 'full')
    await cdp.detach()
    await context.close()
  } finally {
    await chromium.close()
    await server.close()
  }

  const browserMb = (browserHeap.after - browserHeap.before) / MB
  const fiftyRender = median(panel.fifty.map((p) => p.renderMs))
  const fullRender = median(panel.full.map((p) => p.renderMs))
  return {
    title: `Memory for ${ALARMS.toLocaleString('en-US')} alarms; panel opening`,
    rows: [
      {
        metric: 'Node heap, the data held in a shallowRef (as the store does)',
        ours: `${fmt(shallowMb, 'MB')}`,
        baseline: `deep ref of the same data ${fmt(deepMb, 'MB')}; the plain array alone ${fmt(plainMb, 'MB')}`,
        goal: '≤ 4 MB per 10,000',
        verdict: shallowMb <= 4 ? 'met' : 'missed',
      },
      {
        metric: 'Node heap, the real store filled over the stream',
        ours: `${fmt(storeNode.bytes / MB, 'MB')} (${storeNode.stored.toLocaleString('en-US')} alarms held)`,
        baseline: '—',
        goal: '≤ 4 MB per 10,000',
        verdict: storeNode.bytes / MB <= 4 && storeNode.stored >= ALARMS ? 'met' : 'missed',
      },
      {
        metric: 'Chromium heap (DevTools protocol), the bell page filled over the stream',
        ours: `${fmt(browserMb, 'MB')} (${browserHeap.stored.toLocaleString('en-US')} alarms held)`,
        baseline: '—',
        goal: '≤ 4 MB per 10,000',
        verdict: browserMb <= 4 && browserHeap.stored >= ALARMS ? 'met' : 'missed',
      },
      {
        metric: `longest main-thread task while ${ALARMS.toLocaleString('en-US')} alarms arrive in one burst (panel closed)`,
        ours: browserHeap.longestTaskMs ? fmt(browserHeap.longestTaskMs, 'ms') : 'none ≥ 50 ms',
        baseline: '—',
        goal: 'no long task > 50 ms',
        verdict: browserHeap.longestTaskMs <= 50 ? 'met' : 'missed',
      },
      {
        metric: 'stored alarms cap',
        ours: 'maxItems, default 10,000 (oldest dropped; loadMore fetches them again)',
        baseline: '—',
        goal: 'a documented cap',
        verdict: 'met',
      },
      {
        metric: `open the panel, 50 alarms in the store: click → rendered + layout (→ next frame), median of ${opens}`,
        ours: `${fmt(fiftyRender, 'ms')} (${fmt(median(panel.fifty.map((p) => p.frameMs)), 'ms')}), ${panel.fifty[0]?.firstFrameItems ?? 0} rows in that frame, all ${panel.fifty[0]?.items ?? 0} after ${fmt(median(panel.fifty.map((p) => p.windowMs)), 'ms')}`,
        baseline: '—',
        goal: '≤ 16 ms',
        verdict: fiftyRender <= 16 ? 'met' : 'missed',
      },
      {
        metric: `open the panel after the ${ALARMS.toLocaleString('en-US')}-alarm burst`,
        ours: `${fmt(fullRender, 'ms')} (${fmt(median(panel.full.map((p) => p.frameMs)), 'ms')}), ${panel.full[0]?.firstFrameItems ?? 0} rows in that frame, all ${panel.full[0]?.items ?? 0} after ${fmt(median(panel.full.map((p) => p.windowMs)), 'ms')}`,
        baseline: '—',
        goal: '—',
        verdict: 'info',
      },
    ],
    notes: [
      `Node rows: heapUsed after three forced GCs, before and after; ${rounds} interleaved rounds, medians. Each round builds ${ALARMS.toLocaleString('en-US')} fresh alarms (~70-char content) with the library's parseAlarm and reads every item through two computeds (unread count, shown fields), as the badge and the panel do; the deep ref therefore pays for its per-item proxies and dependency maps.`,
        `Store rows count as met only when the store really holds ${ALARMS.toLocaleString('en-US')} alarms after the burst (it has ${FILL_TIMEOUT_MS / 1000} s); fewer held means it dropped alarms on the way.`,
        "Node store row: a Vue app with pinia and createAlarms({ ssr: false, sharedConnection: false }) against the test API in a child process; one publish of 10,000 alarms arrives over the stream. The difference includes everything the store retains (items, the REST first page, stream state).",
        'Chromium row: the bench bell page (plugin + store + <AlarmBell>, production build); HeapProfiler.collectGarbage twice, then Runtime.getHeapUsage().usedSize, before and after 10,000 alarms arrive over the stream. The longest task counts only tasks that started after the first forced collection and were reported before the second (those collections are long tasks of their own).',
        `Panel: in the page, click on the bell, one macrotask (Vue's render), a forced layout; "next frame" waits for requestAnimationFrame; the rows in the DOM are counted then, and again at each frame until the whole window (50) is there. One warm-up open, then ${opens}; the panel is closed between opens.`,
      ],
      raw: { holders, storeNode, browserHeap, panel },
    }
})
