// The route `alarms.proxy` adds under `baseURL`. Nitro's own `routeRules` proxy copies the upstream body to the
// browser until the upstream ends; when the browser leaves, its writes go nowhere and the upstream stream stays
// open (an SSE stream never ends by itself). This one aborts the upstream request when the browser's closes.
import type { H3Event } from 'h3'
// From Nitro's auto-imports (its own h3), so the app needs no `h3` of its own where this file is installed.
import { defineEventHandler, getRequestHeader, proxyRequest, useRuntimeConfig } from '#imports'
import { cookiePathRewrite, upstreamUrl } from '../proxy-target'
import type { AlarmsProxyRuntimeConfig } from '../options'

function markUnbuffered(event: H3Event, response: Response): void {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return
  const res = event.node.res
  // No proxy in front (nginx) may hold events back, and no one may compress them into batches.
  res.setHeader('cache-control', 'no-cache, no-transform')
  res.setHeader('x-accel-buffering', 'no')
  res.removeHeader('content-encoding')
  // No flushHeaders() here: h3 takes sent headers for a handled response and would never copy the body.
}

export default defineEventHandler(async (event) => {
  const { target, basePath } = useRuntimeConfig(event).alarmsProxy as AlarmsProxyRuntimeConfig
  const url = upstreamUrl(target, basePath, event.path)
  if (url === null) return
  const upstream = new AbortController()
  // `close` fires when the response ended or the browser went away (sign-out, closed tab, navigation).
  event.node.res.once('close', () => upstream.abort())
  try {
    return await proxyRequest(event, url, {
      // h3 drops `Accept` (and `Accept-Encoding`, so the upstream answers uncompressed); the stream needs the first.
      headers: { accept: getRequestHeader(event, 'accept') ?? '*/*' },
      fetchOptions: { signal: upstream.signal },
      cookiePathRewrite: cookiePathRewrite(target, basePath),
      onResponse: markUnbuffered,
    })
  } catch (error) {
    // The browser left: nobody is waiting for an answer.
    if (!upstream.signal.aborted) throw error
  }
})
