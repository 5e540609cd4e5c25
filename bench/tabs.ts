// T tabs of one user in one browser profile: how many streams the server holds, and whether every tab
// still sees a new alarm. Ours (one shared stream) vs the seed pattern (one stream per tab).
import type { Page } from 'playwright-core'
import { createTestApiClient } from '../tests/helpers/test-api-client'
import { startTestApi } from '../tests/helpers/test-server'
import { nodeNow, openBenchPage, shownCount } from './lib/browser-page'
import { launchChromium } from '../tests/helpers/browser'
import { buildBenchPages, type BenchPage } from './lib/pages'
import { runBench } from './lib/result'
import { sleep } from './lib/stats'

const TAB_COUNTS = [1, 4, 8]

interface TabsRun {
  tabs: number
  openStreams: number
  /** Tabs whose bell showed the alarm published after they settled, within the timeout. */
  tabsUpdated: number
  /** Publish → the last tab shows it (NaN when some never did). */
  allUpdatedMs: number
}

await runBench('tabs', async ({ quick, log }) => {
  const deliveryTimeoutMs = quick ? 3_000 : 5_000
  const pagesDir = await buildBenchPages()
  const server = await startTestApi({ staticDir: pagesDir })
  const client = createTestApiClient(server.url)
  const chromium = await launchChromium()
  const runs: Record<'ours' | 'seed', TabsRun[]> = { ours: [], seed: [] }
  try {
    let nextUser = 300
    for (const tabCount of TAB_COUNTS) {
      for (const variant of ['ours', 'seed'] as const) {
        const userId = nextUser++
        const page: BenchPage = variant === 'ours' ? 'bell' : 'seed'
        const { accessToken } = await client.login(userId)
        // One context = one browser profile: its tabs share BroadcastChannel, Web Locks and the connection pool.
        const context = await chromium.browser.newContext()
        try {
          const tabs: Page[] = []
          for (let index = 0; index < tabCount; index++) tabs.push(await openBenchPage(context, server.url, page, { token: accessToken, userId, sharedConnection: true }))
          // Settled: the server's stream count for this user has not changed for 1 s (or 10 s passed).
          let streams = -1
          let stableSince = nodeNow()
          const started = nodeNow()
          while (nodeNow() - stableSince < 1_000 && nodeNow() - started < 10_000) {
            const current = (await client.stats()).openStreams[String(userId)] ?? 0
            if (current !== streams) {
              streams = current
              stableSince = nodeNow()
            }
            await sleep(100)
          }
          const before = await Promise.all(tabs.map((tab) => shownCount(tab)))
          const publishedAt = nodeNow()
          await client.publish(userId, { content: `to every tab (${tabCount})` })
          const updatedAt: number[] = []
          const pending = new Set(tabs.keys())
          while (pending.size > 0 && nodeNow() - publishedAt < deliveryTimeoutMs) {
            for (const index of [...pending]) {
              if ((await shownCount(tabs[index]!)) > Math.max(0, before[index]!)) {
                updatedAt.push(nodeNow())
                pending.delete(index)
              }
            }
            await sleep(10)
          }
          const run: TabsRun = {
            tabs: tabCount,
            openStreams: streams,
            tabsUpdated: updatedAt.length,
            allUpdatedMs: pending.size === 0 ? Math.max(...updatedAt) - publishedAt : Number.NaN,
          }
          runs[variant].push(run)
          log(`${variant} ×${tabCount}: ${JSON.stringify(run)}`)
        } finally {
          await context.close()
        }
      }
    }
    const describe = (run: TabsRun) =>
      `${run.openStreams} stream${run.openStreams === 1 ? '' : 's'}, ${run.tabsUpdated}/${run.tabs} tabs updated${Number.isFinite(run.allUpdatedMs) ? ` (last after ${Math.round(run.allUpdatedMs)} ms)` : ''}`
    return {
      title: 'Tabs of one user (Chromium)',
      rows: TAB_COUNTS.map((tabCount, index) => {
        const ours = runs.ours[index]!
        const seed = runs.seed[index]!
        return {
          metric: `T = ${tabCount}: open streams on the server; tabs that showed a new alarm`,
          ours: describe(ours),
          baseline: `one stream per tab (seed pattern): ${describe(seed)}`,
          goal: 'always 1 stream',
          verdict: ours.openStreams === 1 && ours.tabsUpdated === tabCount ? 'met' : 'missed',
        }
      }),
      notes: [
        'T tabs of the same page in one browser context (one profile: shared BroadcastChannel, Web Locks and HTTP connection pool), same user. Open streams read from the test API\'s stats once the count held still for 1 s.',
        `Then one alarm is published; a tab counts as updated when its bell's accessible name shows the new count within ${deliveryTimeoutMs / 1000} s (polled every ~10 ms per tab, so times are coarse).`,
        'Chromium allows 6 HTTP/1.1 connections per host and profile: with one stream per tab, tabs beyond the sixth cannot open a stream (and their REST calls queue behind the streams).',
      ],
      raw: { runs },
    }
  } finally {
    await chromium.close()
    await server.close()
  }
})
