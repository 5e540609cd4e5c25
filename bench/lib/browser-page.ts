import type { BrowserContext, Page } from 'playwright-core'
import type { BenchPageConfig } from '../pages/bench-globals'
import type { BenchPage } from './pages'

/**
 * Installed before any page code: long tasks, every DOM mutation's time, and each change of the bell
 * button's accessible name (which carries the unread count, uncapped, unlike the "99+" badge).
 * Kept as a string: the page runs it as written, with no build step in between.
 */
const PROBES = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const probe = { longTasks: [], labels: [], lastMutation: 0 };
  window.__probe = probe;
  // The default buffer keeps 250 entries; the seed pattern makes thousands of requests in a burst.
  performance.setResourceTimingBufferSize(100000);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver((records) => {
    const at = now();
    probe.lastMutation = at;
    for (const record of records) {
      const target = record.target;
      if (record.type !== 'attributes' || record.attributeName !== 'aria-label' || !target.classList || !target.classList.contains('vsa-bell__button')) continue;
      const match = /\\d+/.exec(target.getAttribute('aria-label') || '');
      const count = match ? Number(match[0]) : -1;
      probe.labels.push({ at, count });
      if (typeof window.__badgeChanged === 'function') window.__badgeChanged({ at, count });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`

export async function openBenchPage(context: BrowserContext, origin: string, page: BenchPage, config: BenchPageConfig): Promise<Page> {
  const tab = await context.newPage()
  await tab.addInitScript(`window.__BENCH__ = ${JSON.stringify(config)};\n${PROBES}`)
  await tab.goto(`${origin}/${page}.html`)
  return tab
}

/** The count shown by the bell button's accessible name, or -1 before it renders. */
export async function shownCount(tab: Page): Promise<number> {
  return (await tab.evaluate(`(() => {
    const button = document.querySelector('.vsa-bell__button');
    const match = button && /\\d+/.exec(button.getAttribute('aria-label') || '');
    return match ? Number(match[0]) : -1;
  })()`)) as number
}

/**
 * Offset of the page's clock (performance.timeOrigin + now) from this process's, NTP style: the sample with the
 * smallest round trip wins; its half round trip bounds the error.
 */
export async function clockOffset(tab: Page, samples = 15): Promise<{ offsetMs: number; errorMs: number }> {
  let best = { offsetMs: 0, errorMs: Number.POSITIVE_INFINITY }
  for (let index = 0; index < samples; index++) {
    const before = performance.timeOrigin + performance.now()
    const pageTime = (await tab.evaluate('performance.timeOrigin + performance.now()')) as number
    const after = performance.timeOrigin + performance.now()
    const errorMs = (after - before) / 2
    if (errorMs < best.errorMs) best = { offsetMs: pageTime - (before + after) / 2, errorMs }
  }
  return best
}

/** What the page saw since `sincePageMs` (page clock): long tasks, last DOM mutation, last finished API response. */
export async function pageActivity(tab: Page, sincePageMs: number): Promise<{ longTasks: number[]; lastMutation: number; lastResponseEnd: number; apiResponses: number }> {
  return (await tab.evaluate(`(() => {
    const since = ${sincePageMs};
    const probe = window.__probe;
    const api = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/') && !entry.name.includes('/api/subscribe') && !entry.name.includes('/api/test/') && entry.responseEnd > 0);
    const ends = api.map((entry) => performance.timeOrigin + entry.responseEnd).filter((end) => end >= since);
    return {
      longTasks: probe.longTasks.filter((task) => task.start + task.duration >= since).map((task) => task.duration),
      lastMutation: probe.lastMutation,
      lastResponseEnd: ends.length ? Math.max(...ends) : 0,
      apiResponses: ends.length,
    };
  })()`)) as { longTasks: number[]; lastMutation: number; lastResponseEnd: number; apiResponses: number }
}

export const nodeNow = () => performance.timeOrigin + performance.now()

/** Waits for a page expression; on timeout the error says what the page's store (if any) was doing. */
export async function waitForPage(tab: Page, expression: string, what: string, timeoutMs = 15_000): Promise<void> {
  try {
    await tab.waitForFunction(expression, undefined, { timeout: timeoutMs, polling: 20 })
  } catch (error) {
    const state = await tab
      .evaluate(`(() => {
        const store = window.__benchPage && window.__benchPage.store;
        return store ? JSON.stringify({ status: store.status, loading: store.loading, items: store.items.length, error: store.error }) : 'no store';
      })()`)
      .catch(() => 'page not reachable')
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${state}): ${(error as Error).message.split('\n')[0]}`)
  }
}
