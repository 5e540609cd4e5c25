// Publish → bell updated, in Chromium: ours (store + <AlarmBell>) vs a bare page with a native EventSource,
// and our transport alone on the same bare page. Round-robin, one user per variant, all through one relay.
import type { Page } from 'playwright-core'
import { launchChromium } from '../tests/helpers/browser'
import { createTestApiClient } from '../tests/helpers/test-api-client'
import { startTestApi } from '../tests/helpers/test-server'
import { clockOffset, nodeNow, openBenchPage, waitForPage } from './lib/browser-page'
import { buildBenchPages, type BenchPage } from './lib/pages'
import { startRelay } from './lib/relay'
import { runBench } from './lib/result'
import { fmt, median, percentile, ratio, sleep } from './lib/stats'

interface Variant {
  key: 'ours' | 'native' | 'stream'
  label: string
  page: BenchPage
  userId: number
  ready: string
  tab?: Page
  shown: number
  offset: { offsetMs: number; errorMs: number }
  waiting?: { count: number; resolve: (at: number) => void }
  latencies: number[]
}

await runBench('latency', async ({ quick, log }) => {
  const alarms = quick ? 100 : 500
  const warmup = 5
  const gapMs = 30
  const pagesDir = await buildBenchPages()
  const server = await startTestApi()
  const relay = await startRelay(server.url, pagesDir)
  const client = createTestApiClient(server.url)
  const chromium = await launchChromium()
  try {
    const variants: Variant[] = [
      { key: 'ours', label: 'ours (store + AlarmBell)', page: 'bell', userId: 11, ready: "window.__benchPage?.store.status === 'open' && !window.__benchPage.store.loading" },
      { key: 'native', label: 'native EventSource, bare page', page: 'native', userId: 12, ready: 'window.__benchPage?.source.readyState === 1' },
      { key: 'stream', label: 'openAlarmStream, bare page', page: 'stream', userId: 13, ready: "window.__benchPage?.stream.status === 'open'" },
    ].map((variant) => ({ ...variant, shown: 0, offset: { offsetMs: 0, errorMs: 0 }, latencies: [] }) as Variant)

    for (const variant of variants) {
      const { accessToken } = await client.login(variant.userId)
      relay.setToken(variant.userId, accessToken)
      const context = await chromium.browser.newContext()
      await context.exposeBinding('__badgeChanged', (_source, change: { at: number; count: number }) => {
        if (variant.waiting && change.count >= variant.waiting.count) variant.waiting.resolve(change.at)
      })
      variant.tab = await openBenchPage(context, relay.url, variant.page, { token: accessToken, userId: variant.userId, sharedConnection: false })
      await waitForPage(variant.tab, variant.ready, `the ${variant.page} page to open`)
      variant.offset = await clockOffset(variant.tab)
    }

    const publishAndWait = async (variant: Variant): Promise<number> => {
      variant.shown++
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${variant.key}: alarm ${variant.shown} never showed`)), 10_000)
        variant.waiting = { count: variant.shown, resolve: (at) => (clearTimeout(timer), resolve(at)) }
      })
      const publishedAt = nodeNow()
      await client.publish(variant.userId, { content: `latency probe ${variant.shown}` })
      const shownAt = await arrived
      variant.waiting = undefined
      return shownAt - variant.offset.offsetMs - publishedAt
    }

    for (let index = 0; index < warmup + alarms; index++) {
      // Rotate the order so no variant always goes first after the pause.
      const order = variants.map((_, position) => variants[(position + index) % variants.length]!)
      for (const variant of order) {
        const latency = await publishAndWait(variant)
        if (index >= warmup) variant.latencies.push(latency)
        await sleep(gapMs)
      }
      if (index >= warmup && (index + 1 - warmup) % 100 === 0) log(`${index + 1 - warmup} alarms per variant`)
    }
    const drift = []
    for (const variant of variants) {
      const after = await clockOffset(variant.tab!)
      drift.push({ variant: variant.key, before: variant.offset, after })
    }

    const byKey = Object.fromEntries(variants.map((variant) => [variant.key, variant])) as Record<Variant['key'], Variant>
    const p = (key: Variant['key'], q: number) => percentile(byKey[key].latencies, q)
    const oursP50 = median(byKey.ours.latencies)
    const nativeP50 = median(byKey.native.latencies)
    const streamP50 = median(byKey.stream.latencies)
    return {
      title: 'Publish → bell updated (Chromium)',
      rows: [
        {
          metric: `p50, ${alarms} alarms`,
          ours: fmt(oursP50, 'ms'),
          baseline: `native EventSource bare page ${fmt(nativeP50, 'ms')} (ours ${ratio(oursP50, nativeP50)}); openAlarmStream bare page ${fmt(streamP50, 'ms')} (${ratio(streamP50, nativeP50)} of native)`,
          goal: '≤ 1.2× the bare native page',
          verdict: oursP50 <= 1.2 * nativeP50 ? 'met' : 'missed',
        },
        {
          metric: 'p99',
          ours: fmt(p('ours', 99), 'ms'),
          baseline: `native ${fmt(p('native', 99), 'ms')}; openAlarmStream bare ${fmt(p('stream', 99), 'ms')}`,
          goal: '< 50 ms',
          verdict: p('ours', 99) < 50 ? 'met' : 'missed',
        },
      ],
      notes: [
        'From just before the publish request (Node) to the MutationObserver record of the bell button\'s new accessible name (page), which carries the unread count; the page clock is mapped to Node\'s by the minimum-round-trip offset of 15 samples per page (error bound in raw.drift).',
        'Native EventSource cannot send Authorization, so every page is served by one relay in the bench process: bench pages, /api/* passed through to the test API byte for byte, and /relay/subscribe?user=N = /api/subscribe with that user\'s token added. Every variant pays the same extra loopback hop.',
        `Three pages (one browser context and one user each), ${warmup} warm-up alarms, then ${alarms} alarms each, round-robin with rotating order and ${gapMs} ms after each, so each page sees an alarm about every ${3 * gapMs + 30} ms (ours' debounced refetch of count and first page runs between alarms, as in real use).`,
        'The latency includes the publish request itself (HTTP + SQLite insert in the test API), the same for every variant.',
      ],
      raw: { alarms, gapMs, drift, latencies: Object.fromEntries(variants.map((variant) => [variant.key, variant.latencies.map((value) => Math.round(value * 100) / 100)])) },
    }
  } finally {
    await chromium.close()
    await relay.close()
    await server.close()
  }
})
