// Each connect is a fresh request made here, fed through fetch-event-source's pure parse stages, instead of a
// `fetchEventSource()` call: that function reads `window.setTimeout`, `window.fetch` and `document` unconditionally
// (so it cannot run in Node or a worker), copies headers once (a refreshed token needs a new call anyway), does not
// reconnect on a clean end, leaks the connection when `onmessage` throws and keeps its retry timer alive after an
// abort inside `onerror`.
import type { AlarmStream, AlarmStreamOptions, AlarmStreamStatus, AlarmStreamStatusInfo } from './types'
import { createRetrySchedule, parseRetryAfter, resolveRetryOptions } from './backoff'
import { handlerFailure, httpFailure, idleTimeoutFailure, networkFailure, notEventStreamFailure, unauthorizedFailure } from './failures'
import { createIdleTimeout } from './heartbeat'
import { isUsableEventId } from './last-event-id'
import { readEventStream } from './read-body'
import { askForRefresh } from './refresh'
import { isEventStreamContentType } from './request'
import { readRequestHeaders } from './request-headers'
import { pageIsHidden, watchVisibility } from './visibility'
import { watchForWake } from './wake'

/**
 * Opens a resilient SSE stream that sends the auth headers and `Last-Event-ID` on every (re)connect, notices dead
 * connections (heartbeat-aware watchdog) and sleeps (wake detection). Framework-free: works in browsers, web/service
 * workers and Node 20 (global `fetch`), touching no DOM unless `openWhenHidden` is false and a `document` exists.
 */
export function openAlarmStream(options: AlarmStreamOptions): AlarmStream {
  const schedule = createRetrySchedule(resolveRetryOptions(options.retry))
  const idleTimeout = createIdleTimeout(options.idleTimeoutMs)
  /**
   * Successful refreshes since the last answer other than 401. An expired token is fixed by one; a renewed credential
   * refused twice in a row is one the backend never takes (wrong header shape, cookies not sent), and refreshing on
   * would loop `401 → refresh → 401` for ever.
   */
  let refreshesInARow = 0
  // One rule for stale work: each connection attempt (its backoff wait or token refresh, its headers, request, body
  // and watchdog) owns an AbortSignal. Starting another attempt, pausing or closing aborts it; after every await that
  // can outlive it the attempt checks its signal. Only `inFlight` is ever unaborted, and only it arms `timer`.
  let inFlight: AbortController | undefined
  /** The attempt's one timer: its backoff wait, then its watchdog. */
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Set by `close()`, which the caller's `signal` calls: for good. */
  let closed = false

  let status: AlarmStreamStatus = 'connecting'
  let lastEventId = options.lastEventId ?? ''
  if (!isUsableEventId(lastEventId)) lastEventId = ''
  let pausedWhileHidden = false
  let stopWatchingVisibility: (() => void) | undefined
  let stopWatchingForWake: (() => void) | undefined

  function emit(next: AlarmStreamStatus, info: AlarmStreamStatusInfo = {}): void {
    status = next
    try {
      options.onStatus?.(next, info)
    } catch {
      // A throwing status listener has nowhere to be reported; the stream must not die of it.
    }
  }

  /** Hidden, closed or refused: neither a wake-up nor hiding the page changes anything. */
  const isIdle = () => pausedWhileHidden || status === 'closed' || status === 'unauthorized'

  /** Abandons the attempt in flight, if any, and its timer. */
  function abandon(): void {
    inFlight?.abort()
    inFlight = undefined
    clearTimeout(timer)
  }

  /** Abandons the attempt in flight and starts the next one. */
  function nextAttempt(): AbortSignal {
    abandon()
    return (inFlight = new AbortController()).signal
  }

  /** Replaces the attempt's timer; undefined leaves none. */
  function later(delayMs: number | undefined, callback: () => void): void {
    clearTimeout(timer)
    if (delayMs !== undefined) timer = setTimeout(callback, delayMs)
  }

  function connectNow(info?: AlarmStreamStatusInfo): void {
    if (closed) return
    if (options.wakeDetection !== false) stopWatchingForWake ??= watchForWake(onWake)
    void connect(nextAttempt(), info)
  }

  /** Abandons what is in flight, stops watching for wake-ups (until the next connect) and reports `next`. */
  function stop(next: 'closed' | 'unauthorized', info: AlarmStreamStatusInfo): void {
    abandon()
    stopWatchingForWake?.()
    stopWatchingForWake = undefined
    emit(next, info)
  }

  function retryLater(signal: AbortSignal, info: AlarmStreamStatusInfo, requestedDelayMs?: number): void {
    if (signal.aborted) return
    // The wait is the start of the next attempt: abandoning it cancels the timer.
    const wait = nextAttempt()
    const next = schedule.next(requestedDelayMs)
    emit('retrying', { ...info, ...next })
    if (!wait.aborted) later(next.delayMs, () => connect(wait))
  }

  function armWatchdog(signal: AbortSignal): void {
    const timeoutMs = idleTimeout.currentMs
    later(timeoutMs, () => {
      idleTimeout.timedOut()
      retryLater(signal, idleTimeoutFailure(timeoutMs!))
    })
  }

  /** After a 401, whose request was abandoned: the refresh is the start of the next attempt (`signal`). */
  async function refreshThenConnect(signal: AbortSignal): Promise<void> {
    const outcome = refreshesInARow > 1 ? 'refused' : await askForRefresh(options.refreshToken)
    if (signal.aborted) return
    if (outcome === true) {
      refreshesInARow++
      return connect(signal)
    }
    stop('unauthorized', unauthorizedFailure(outcome))
    try {
      options.onUnauthorized?.()
    } catch {
      // An app callback must not break the stream's bookkeeping.
    }
  }

  async function connect(signal: AbortSignal, info?: AlarmStreamStatusInfo): Promise<void> {
    emit('connecting', info)
    if (signal.aborted) return
    const request = await readRequestHeaders(options, lastEventId)
    if (signal.aborted) return
    if ('failure' in request) return retryLater(signal, request.failure)

    idleTimeout.startConnection()
    armWatchdog(signal)
    // A failed request and a body that breaks are the same network error.
    try {
      // The global is read at each connect (a page may wrap it later) and called unbound, as fetch must be.
      const response = await (options.fetch ?? fetch)(options.url, {
        headers: request.headers,
        credentials: options.credentials ?? 'same-origin',
        cache: 'no-store',
        signal,
      })
      if (signal.aborted) return

      // Every path but `open` abandons this attempt, which clears its watchdog and aborts the request: the connection
      // is released without reading a body nobody wants. 401 refreshes; 429 and 5xx retry; 204 is the server's "do not
      // reconnect", other 4xx will not heal by retrying and other 2xx/3xx fail the connection as in a native
      // EventSource: stop.
      const httpStatus = response.status
      if (httpStatus === 401) return refreshThenConnect(nextAttempt())
      refreshesInARow = 0
      if (httpStatus === 429 || httpStatus >= 500) {
        return retryLater(signal, httpFailure(httpStatus, false), parseRetryAfter(response.headers.get('retry-after'), Date.now()))
      }
      if (httpStatus !== 200) return stop('closed', httpFailure(httpStatus, true))
      const contentType = response.headers.get('content-type')
      if (!isEventStreamContentType(contentType) || !response.body) return retryLater(signal, notEventStreamFailure(httpStatus, contentType))

      emit('open', { httpStatus })
      if (signal.aborted) return
      armWatchdog(signal)
      await readEventStream(response.body, lastEventId, {
        signal,
        onLastEventId: (id) => (lastEventId = id),
        onRetry: (retryMs) => (schedule.serverRetryMs = retryMs),
        onEvent(event) {
          // The connection proved itself: the next drop starts the backoff from the beginning.
          schedule.reset()
          try {
            options.onEvent?.(event)
          } catch (error) {
            if (!signal.aborted) emit(status, handlerFailure(error))
          }
        },
        onChunk(heartbeatOnly) {
          if (heartbeatOnly) idleTimeout.heartbeat(performance.now())
          // Any byte at all proves the connection alive; a heartbeat may also have changed the watchdog's time.
          armWatchdog(signal)
        },
      })
      retryLater(signal, { reason: 'ended' })
    } catch (error) {
      retryLater(signal, networkFailure(error, request.secrets))
    }
  }

  function onWake(): void {
    if (!isIdle()) connectNow({ reason: 'wake' })
  }

  function onHidden(): void {
    if (isIdle()) return
    pausedWhileHidden = true
    abandon()
    emit('retrying', { reason: 'hidden' })
  }

  function onVisible(): void {
    if (!pausedWhileHidden) return
    pausedWhileHidden = false
    connectNow()
  }

  const stream: AlarmStream = {
    get status() {
      return status
    },
    get lastEventId() {
      return lastEventId
    },
    reconnect() {
      // After close() this resets nothing anyone reads, and connectNow() does nothing.
      schedule.reset()
      refreshesInARow = 0
      pausedWhileHidden = false
      connectNow()
    },
    close() {
      if (closed) return
      closed = true
      // Removed here, not by a `{ signal }` option: Node keeps that option's remover in a map keyed by the caller's
      // signal, which would hold the last closed stream as long as the caller's signal lives.
      options.signal?.removeEventListener('abort', stream.close)
      stopWatchingVisibility?.()
      // A stream stopped as `closed` (HTTP 204, 4xx) has released everything already.
      if (status !== 'closed') stop('closed', { reason: 'closed-by-client' })
    },
  }

  options.signal?.addEventListener('abort', stream.close)
  if (options.signal?.aborted) {
    stream.close()
  } else {
    if (options.openWhenHidden === false) {
      stopWatchingVisibility = watchVisibility(onHidden, onVisible)
      if (pageIsHidden()) onHidden()
    }
    if (!isIdle()) connectNow()
  }
  return stream
}
