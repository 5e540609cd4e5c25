// 1 000 alarms published at once: requests the page makes, time until the UI settles, longest main-thread task.
// Ours (store + <AlarmBell>) vs the seed pattern (fetchEventSource + 3 refetches per message), side by side.
import type { BrowserContext } from 'playwright-core'
import { createTestApiClient, type TestApiClient } from '../tests/helpers/test-api-client'
import { startTestApi } from '../tests/helpers/test-server'
import { clockOffset, nodeNow, openBenchPage, pageActivity, shownCount, waitForPage } from './lib/browser-page'
import { launchChromium } from '../tests/helpers/browser'
import { buildBenchPages, type BenchPage } from './lib/pages'
import { runBench } from './lib/result'
import { fmt, max, median, sleep, waitFor } from './lib/stats'

const BURST = 1000
const QUIET_MS = 1000

interface BurstRun {
  listRequests: number
  countRequests: number
  otherRequests: number
  /** Publish → the bell shows the full count. */
  correctMs: number
  /** Publish → last DOM mutation or last API response, whichever is later, followed by QUIET_MS of nothing. */
  settledMs: number
  longestTaskMs: number
  longTasksOver50: number
  /** Ours only: alarms the store holds once settled (all of the burst expected). */
  itemsHeld?: number | null
  /** Seed page only: requests axios started / that failed without a response (the browser refused them). */
  pageRequests?: { sent: number; failed: number; errors: Record<string, number> }
}

const totalRequests = (requests: Record<string, number>) => Object.entries(requests).reduce((sum, [route, n]) => (route.includes('/api/test/') ? sum : sum + n), 0)

async function burstOnce(context: BrowserContext, origin: string, client: TestApiClient, page: BenchPage, userId: number, ready: string): Promise<BurstRun> {
  const { accessToken } = await client.login(userId)
  const tab = await openBenchPage(context, origin, page, { token: accessToken, userId, sharedConnection: false })
  try {
    await waitForPage(tab, ready, `the ${page} page to open`)
    await waitFor(async () => ((await client.stats()).openStreams[String(userId)] ?? 0) >= 1, 10_000, `${page} stream open`, 20)
    await sleep(300) // let the first load finish before counting
    const offset = await clockOffset(tab)
    await client.resetStats()
    const publishedAt = nodeNow()
    await client.publishMany(userId, { content: 'burst', count: BURST })
    const shownAt = await waitFor(async () => ((await shownCount(tab)) === BURST ? nodeNow() : 0), 60_000, `${page} to show ${BURST}`, 10)

    // Settled: neither the request count nor the DOM changed for QUIET_MS.
    let lastTotal = -1
    let lastMutation = -1
    let quietSince = nodeNow()
    for (;;) {
      const stats = await client.stats()
      const activity = await pageActivity(tab, publishedAt + offset.offsetMs)
      const total = totalRequests(stats.requests)
      if (total !== lastTotal || activity.lastMutation !== lastMutation) {
        lastTotal = total
        lastMutation = activity.lastMutation
        quietSince = nodeNow()
      } else if (nodeNow() - quietSince >= QUIET_MS) {
        break
      }
      if (nodeNow() - publishedAt > 90_000) throw new Error(`${page} never settled`)
      await sleep(100)
    }
    const stats = await client.stats()
    const activity = await pageActivity(tab, publishedAt + offset.offsetMs)
    const lastActivity = Math.max(activity.lastMutation, activity.lastResponseEnd) - offset.offsetMs
    const list = stats.requests['GET /api/alarms'] ?? 0
    const count = stats.requests['GET /api/alarms/count'] ?? 0
    return {
      listRequests: list,
      countRequests: count,
      otherRequests: totalRequests(stats.requests) - list - count,
      correctMs: shownAt - publishedAt,
      settledMs: Math.max(lastActivity, shownAt) - publishedAt,
      longestTaskMs: activity.longTasks.length ? max(activity.longTasks) : 0,
      longTasksOver50: activity.longTasks.filter((duration) => duration > 50).length,
      itemsHeld: (await tab.evaluate('window.__benchPage.store ? window.__benchPage.store.items.length : null')) as number | null,
      pageRequests: (await tab.evaluate('window.__benchPage.requests ?? null')) as BurstRun['pageRequests'],
    }
  } finally {
    await tab.close()
  }
}

await runBench('burst', async ({ quick, log }) => {
  const runs = quick ? 1 : 3
  const pagesDir = await buildBenchPages()
  const server = await startTestApi({ staticDir: pagesDir })
  const client = createTestApiClient(server.url)
  const chromium = await launchChromium()
  try {
    const results: Record<'ours' | 'seed', BurstRun[]> = { ours: [], seed: [] }
    for (let run = 0; run < runs; run++) {
      // Alternate which goes first; each run gets fresh users and a fresh browser context.
      const order: Array<'ours' | 'seed'> = run % 2 === 0 ? ['ours', 'seed'] : ['seed', 'ours']
      for (const variant of order) {
        const context = await chromium.browser.newContext()
        try {
          const userId = 200 + run * 2 + (variant === 'ours' ? 0 : 1)
          const measured =
            variant === 'ours'
              ? await burstOnce(context, server.url, client, 'bell', userId, "window.__benchPage?.store.status === 'open' && !window.__benchPage.store.loading")
              : await burstOnce(context, server.url, client, 'seed', userId, 'window.__benchPage !== undefined')
          results[variant].push(measured)
          log(`run ${run + 1} ${variant}: ${JSON.stringify(measured)}`)
        } finally {
          await context.close()
        }
      }
    }
    const m = (variant: 'ours' | 'seed', key: Exclude<keyof BurstRun, 'pageRequests' | 'itemsHeld'>) => median(results[variant].map((result) => result[key]))
    const oursList = Math.max(...results.ours.map((r) => r.listRequests))
    const oursCount = Math.max(...results.ours.map((r) => r.countRequests))
    const seedSent = median(results.seed.map((r) => r.pageRequests?.sent ?? 0))
    const seedFailed = median(results.seed.map((r) => r.pageRequests?.failed ?? 0))
    const seedErrors = [...new Set(results.seed.flatMap((r) => Object.keys(r.pageRequests?.errors ?? {})))].join(', ') || 'none'
    const oursLongest = Math.max(...results.ours.map((r) => r.longestTaskMs))
    return {
      title: `Burst of ${BURST.toLocaleString('en-US')} alarms (Chromium)`,
      rows: [
        {
          metric: `list + count requests (worst of ${runs})`,
          ours: `${oursList} list + ${oursCount} count`,
          baseline: `seed pattern: ${m('seed', 'listRequests')} list + ${m('seed', 'countRequests')} count + ${m('seed', 'otherRequests')} profile reached the server; ${seedFailed} of ${seedSent} started requests failed in the browser (${seedErrors})`,
          goal: '≤ 2 list + ≤ 2 count',
          verdict: oursList <= 2 && oursCount <= 2 ? 'met' : 'missed',
        },
        {
          metric: 'time until the bell shows the full count / until the UI settles (median)',
          ours: `${fmt(m('ours', 'correctMs'), 'ms')} / ${fmt(m('ours', 'settledMs'), 'ms')}; store holds ${results.ours.map((r) => r.itemsHeld).join(', ')} of ${BURST} alarms`,
          baseline: `seed pattern: ${fmt(m('seed', 'correctMs'), 'ms')} / ${fmt(m('seed', 'settledMs'), 'ms')}`,
          goal: '—',
          verdict: 'info',
        },
        {
          metric: `longest main-thread task (worst of ${runs})`,
          ours: oursLongest ? fmt(oursLongest, 'ms') : 'none ≥ 50 ms',
          baseline: `seed pattern: ${fmt(Math.max(...results.seed.map((r) => r.longestTaskMs)), 'ms')} (${m('seed', 'longTasksOver50')} tasks > 50 ms)`,
          goal: 'no long task > 50 ms',
          verdict: oursLongest <= 50 ? 'met' : 'missed',
        },
      ],
      notes: [
        `One POST /api/test/publish with count ${BURST}: the test API pushes ${BURST} events back to back on the open stream. Requests are the test API's per-route counters for the burst (stream and test routes excluded).`,
        'Seed pattern: a Vue page with fetchEventSource (Authorization header) whose onmessage refetches profile, unread count and the first page with axios on every alarm message, state in deep refs; the test API has no profile route, so that call is a 404 round trip.',
        `"Shows the full count": the bell button's accessible name reads ${BURST}. "Settles": the later of the last DOM mutation and the last API response, once neither the request counters nor the DOM changed for ${QUIET_MS} ms. Long tasks from PerformanceObserver('longtask'), which only reports tasks ≥ 50 ms.`,
        `${runs} run(s), fresh user and browser context each, order alternated.`,
      ],
      raw: { burst: BURST, results },
    }
  } finally {
    await chromium.close()
    await server.close()
  }
})
