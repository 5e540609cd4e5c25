// Each connect is a fresh request made here, fed through fetch-event-source's pure parse stages, instead of a
// `fetchEventSource()` call: that function reads `window.setTimeout`, `window.fetch` and `document` unconditionally
// (so it cannot run in Node or a worker), copies headers once (a refreshed token needs a new call anyway), does not
// reconnect on a clean end, leaks the connection when `onmessage` throws and keeps its retry timer alive after an
// abort inside `onerror`.
import { getBytes } from '@microsoft/fetch-event-source/lib/esm/parse'
import type { AlarmStream, AlarmStreamOptions, AlarmStreamStatus, AlarmStreamStatusInfo } from './types'
import { backoffDelay, clampDelay, parseRetryAfter, resolveRetryOptions } from './backoff'
import { isUsableEventId } from './last-event-id'
import { createEventStreamParser } from './parse'
import { buildStreamHeaders, classifyResponse, isEventStreamContentType, isSendableToken } from './request'

type Timer = ReturnType<typeof setTimeout>

const toError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)))

/** Network errors can quote header values; never let one carry the token out. */
function withoutToken(error: unknown, token: string | undefined): Error {
  const result = toError(error)
  if (!token) return result
  const text = `${result.message}\n${result.stack}\n${String(result.cause)}`
  return text.includes(token) ? new Error('Request failed (error text withheld: it held the token)') : result
}

/**
 * Opens a resilient SSE stream that sends `Authorization` and `Last-Event-ID` on every (re)connect.
 * Framework-free: works in browsers, web/service workers and Node 20 (global `fetch`), touching no DOM
 * unless `openWhenHidden` is false and a `document` exists.
 */
export function openAlarmStream(options: AlarmStreamOptions): AlarmStream {
  const retry = resolveRetryOptions(options.retry)
  const idleTimeoutMs = Math.max(0, options.idleTimeoutMs ?? 0)
  const fetchImpl: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))

  let status: AlarmStreamStatus = 'connecting'
  let lastEventId = options.lastEventId !== undefined && isUsableEventId(options.lastEventId) ? options.lastEventId : ''
  let disposed = false
  /** Bumped whenever the running attempt or wait is abandoned; every callback of an older run becomes a no-op. */
  let run = 0
  let controller: AbortController | undefined
  let retryTimer: Timer | undefined
  let idleTimer: Timer | undefined
  /** Failed attempts since a connection last delivered an event: the backoff exponent. */
  let failures = 0
  let serverRetryMs: number | undefined
  /** The previous attempt got a 401 and a refreshed token: another 401 now waits for backoff instead of looping. */
  let reconnectedAfterRefresh = false
  let pausedWhileHidden = false
  let removeVisibilityListener: (() => void) | undefined

  const isCurrent = (attemptRun: number) => !disposed && attemptRun === run

  function emit(next: AlarmStreamStatus, info: AlarmStreamStatusInfo = {}): void {
    status = next
    try {
      options.onStatus?.(next, info)
    } catch {
      // A throwing status listener has nowhere to be reported; the stream must not die of it.
    }
  }

  function clearIdleTimer(): void {
    if (idleTimer !== undefined) clearTimeout(idleTimer)
    idleTimer = undefined
  }

  /** Abandons whatever is in flight: request, backoff wait, watchdog. */
  function abandon(): void {
    run++
    controller?.abort()
    controller = undefined
    if (retryTimer !== undefined) clearTimeout(retryTimer)
    retryTimer = undefined
    clearIdleTimer()
  }

  function connectNow(): void {
    abandon()
    void attempt(run)
  }

  function stop(next: 'closed' | 'unauthorized', info: AlarmStreamStatusInfo): void {
    abandon()
    emit(next, info)
  }

  function retryLater(attemptRun: number, info: AlarmStreamStatusInfo, requestedDelayMs?: number): void {
    if (!isCurrent(attemptRun)) return
    abandon()
    const waitRun = run
    failures++
    const delayMs =
      requestedDelayMs === undefined
        ? backoffDelay(retry, { attempt: failures, serverRetryMs })
        : clampDelay(retry, requestedDelayMs)
    emit('retrying', { ...info, delayMs, attempt: failures })
    if (!isCurrent(waitRun)) return
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      if (isCurrent(waitRun)) connectNow()
    }, delayMs)
  }

  function armIdleTimer(attemptRun: number): void {
    if (idleTimeoutMs === 0) return
    clearIdleTimer()
    idleTimer = setTimeout(() => {
      idleTimer = undefined
      retryLater(attemptRun, { reason: 'idle-timeout', error: new Error(`No data arrived for ${idleTimeoutMs} ms`) })
    }, idleTimeoutMs)
  }

  async function handleUnauthorized(attemptRun: number): Promise<void> {
    const info: AlarmStreamStatusInfo = { reason: 'http-status', httpStatus: 401 }
    if (!options.refreshToken) return stop('unauthorized', info)
    let refreshed = false
    try {
      refreshed = (await options.refreshToken()) === true
    } catch (error) {
      info.error = toError(error)
    }
    if (!isCurrent(attemptRun)) return
    if (!refreshed) return stop('unauthorized', info)
    if (reconnectedAfterRefresh) return retryLater(attemptRun, { ...info, error: new Error('Still unauthorized after a token refresh') })
    reconnectedAfterRefresh = true
    connectNow()
  }

  async function attempt(attemptRun: number): Promise<void> {
    emit('connecting')
    if (!isCurrent(attemptRun)) return
    const attemptController = new AbortController()
    controller = attemptController

    let token: string | undefined
    try {
      token = (await options.getToken?.()) ?? undefined
    } catch (error) {
      return retryLater(attemptRun, { reason: 'token-error', error: new Error('getToken() failed', { cause: error }) })
    }
    if (!isCurrent(attemptRun)) return
    if (token && !isSendableToken(token)) {
      return retryLater(attemptRun, {
        reason: 'token-error',
        error: new Error('getToken() returned a token that cannot be sent in a header'),
      })
    }

    armIdleTimer(attemptRun)
    let response: Response
    try {
      response = await fetchImpl(options.url, {
        method: 'GET',
        headers: buildStreamHeaders({ headers: options.headers, token, lastEventId }),
        cache: 'no-store',
        signal: attemptController.signal,
      })
    } catch (error) {
      return retryLater(attemptRun, { reason: 'network-error', error: withoutToken(error, token) })
    }
    if (!isCurrent(attemptRun)) return
    clearIdleTimer()

    const httpStatus = response.status
    const verdict = classifyResponse(httpStatus)
    if (verdict !== 'unauthorized') reconnectedAfterRefresh = false
    if (verdict !== 'open') attemptController.abort() // releases the connection without reading a body nobody wants
    if (verdict === 'stop') return stop('closed', { reason: 'http-status', httpStatus })
    if (verdict === 'unauthorized') return handleUnauthorized(attemptRun)
    if (verdict === 'retry') {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
      return retryLater(attemptRun, { reason: 'http-status', httpStatus, error: new Error(`HTTP ${httpStatus}`) }, retryAfterMs)
    }
    const contentType = response.headers.get('content-type')
    if (!isEventStreamContentType(contentType) || !response.body) {
      attemptController.abort()
      return retryLater(attemptRun, {
        reason: 'not-event-stream',
        httpStatus,
        error: new Error(`Expected text/event-stream, got ${contentType ?? 'no content type'}`),
      })
    }

    emit('open', { httpStatus })
    if (!isCurrent(attemptRun)) return
    armIdleTimer(attemptRun)
    const push = createEventStreamParser(lastEventId, {
      onLastEventId(id) {
        if (isCurrent(attemptRun)) lastEventId = id
      },
      onRetry(retryMs) {
        if (isCurrent(attemptRun)) serverRetryMs = retryMs
      },
      onEvent(event) {
        if (!isCurrent(attemptRun)) return
        // The connection proved itself: the next drop starts the backoff from the beginning.
        failures = 0
        try {
          options.onEvent?.(event)
        } catch (error) {
          if (isCurrent(attemptRun)) emit(status, { reason: 'event-handler-error', error: toError(error) })
        }
      },
    })
    try {
      await getBytes(response.body, (chunk) => {
        if (!isCurrent(attemptRun)) return
        armIdleTimer(attemptRun)
        push(chunk)
      })
    } catch (error) {
      return retryLater(attemptRun, { reason: 'network-error', error: withoutToken(error, token) })
    }
    retryLater(attemptRun, { reason: 'ended' })
  }

  function onVisibilityChange(this: Document): void {
    if (disposed) return
    if (this.hidden) {
      if (status === 'closed' || status === 'unauthorized' || pausedWhileHidden) return
      pausedWhileHidden = true
      abandon()
      emit('retrying', { reason: 'hidden' })
    } else if (pausedWhileHidden) {
      pausedWhileHidden = false
      connectNow()
    }
  }

  // Only here, at call time: importing this module must work where there is no DOM at all.
  if (options.openWhenHidden === false && typeof document !== 'undefined') {
    const doc = document
    doc.addEventListener('visibilitychange', onVisibilityChange)
    removeVisibilityListener = () => doc.removeEventListener('visibilitychange', onVisibilityChange)
    if (doc.hidden) {
      pausedWhileHidden = true
      emit('retrying', { reason: 'hidden' })
    }
  }
  if (!pausedWhileHidden) connectNow()

  return {
    get status() {
      return status
    },
    get lastEventId() {
      return lastEventId
    },
    reconnect() {
      if (disposed) return
      failures = 0
      pausedWhileHidden = false
      connectNow()
    },
    close() {
      if (disposed) return
      disposed = true
      abandon()
      removeVisibilityListener?.()
      removeVisibilityListener = undefined
      if (status !== 'closed') emit('closed', { reason: 'closed-by-client' })
    },
  }
}
