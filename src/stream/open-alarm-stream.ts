// Each connect is a fresh request made here, fed through fetch-event-source's pure parse stages, instead of a
// `fetchEventSource()` call: that function reads `window.setTimeout`, `window.fetch` and `document` unconditionally
// (so it cannot run in Node or a worker), copies headers once (a refreshed token needs a new call anyway), does not
// reconnect on a clean end, leaks the connection when `onmessage` throws and keeps its retry timer alive after an
// abort inside `onerror`.
import type { AlarmStream, AlarmStreamOptions, AlarmStreamStatus, AlarmStreamStatusInfo } from './types'
import { createRetrySchedule, parseRetryAfter, resolveRetryOptions } from './backoff'
import { credentialRefusedFailure, handlerFailure, httpFailure, idleTimeoutFailure, networkFailure, notEventStreamFailure } from './failures'
import { createIdleTimeout } from './heartbeat'
import { isUsableEventId } from './last-event-id'
import { readEventStream } from './read-body'
import { askForRefresh, createRefusalCounter } from './refresh'
import { classifyResponse, isEventStreamContentType } from './request'
import { readRequestHeaders } from './request-headers'
import { watchVisibility } from './visibility'
import { watchForWake } from './wake'

/**
 * Opens a resilient SSE stream that sends the auth headers and `Last-Event-ID` on every (re)connect, notices dead
 * connections (heartbeat-aware watchdog) and sleeps (wake detection). Framework-free: works in browsers, web/service
 * workers and Node 20 (global `fetch`), touching no DOM unless `openWhenHidden` is false and a `document` exists.
 */
export function openAlarmStream(options: AlarmStreamOptions): AlarmStream {
  const schedule = createRetrySchedule(resolveRetryOptions(options.retry))
  const idleTimeout = createIdleTimeout(options.idleTimeoutMs)
  const fetchImpl: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))

  let status: AlarmStreamStatus = 'connecting'
  let lastEventId = options.lastEventId !== undefined && isUsableEventId(options.lastEventId) ? options.lastEventId : ''
  let disposed = false
  /** Bumped whenever the running attempt or wait is abandoned; every callback of an older run becomes a no-op. */
  let run = 0
  let controller: AbortController | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let idleTimer: ReturnType<typeof setTimeout> | undefined
  const refusals = createRefusalCounter()
  let pausedWhileHidden = false
  let stopWatchingVisibility: (() => void) | undefined
  let stopWatchingForWake: (() => void) | undefined

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

  function connectNow(info?: AlarmStreamStatusInfo): void {
    abandon()
    if (options.wakeDetection !== false) stopWatchingForWake ??= watchForWake(onWake)
    void attempt(run, info)
  }

  /** Abandons what is in flight and stops watching for wake-ups (until the next connect). */
  function release(): void {
    abandon()
    stopWatchingForWake?.()
    stopWatchingForWake = undefined
  }

  function stop(next: 'closed' | 'unauthorized', info: AlarmStreamStatusInfo): void {
    release()
    emit(next, info)
  }

  function retryLater(attemptRun: number, info: AlarmStreamStatusInfo, requestedDelayMs?: number): void {
    if (!isCurrent(attemptRun)) return
    abandon()
    const waitRun = run
    const { delayMs, attempt } = schedule.next(requestedDelayMs)
    emit('retrying', { ...info, delayMs, attempt })
    if (!isCurrent(waitRun)) return
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      if (isCurrent(waitRun)) connectNow()
    }, delayMs)
  }

  function armIdleTimer(attemptRun: number): void {
    clearIdleTimer()
    const timeoutMs = idleTimeout.currentMs
    if (timeoutMs === undefined) return
    idleTimer = setTimeout(() => {
      idleTimer = undefined
      idleTimeout.timedOut()
      retryLater(attemptRun, idleTimeoutFailure(timeoutMs))
    }, timeoutMs)
  }

  async function handleUnauthorized(attemptRun: number): Promise<void> {
    const { refreshed, failure } = refusals.refusedAgain()
      ? { refreshed: false, failure: credentialRefusedFailure() }
      : await askForRefresh(options.refreshToken)
    if (!isCurrent(attemptRun)) return
    if (refreshed) {
      refusals.refreshed()
      return connectNow()
    }
    stop('unauthorized', failure)
    try {
      options.onUnauthorized?.()
    } catch {
      // An app callback must not break the stream's bookkeeping.
    }
  }

  async function attempt(attemptRun: number, info?: AlarmStreamStatusInfo): Promise<void> {
    emit('connecting', info)
    if (!isCurrent(attemptRun)) return
    const attemptController = (controller = new AbortController())

    const request = await readRequestHeaders(options, lastEventId)
    if (!isCurrent(attemptRun)) return
    if ('failure' in request) return retryLater(attemptRun, request.failure)

    idleTimeout.startConnection()
    armIdleTimer(attemptRun)
    let response: Response
    try {
      response = await fetchImpl(options.url, {
        method: 'GET',
        headers: request.headers,
        credentials: options.credentials ?? 'same-origin',
        cache: 'no-store',
        signal: attemptController.signal,
      })
    } catch (error) {
      return retryLater(attemptRun, networkFailure(error, request.secrets))
    }
    if (!isCurrent(attemptRun)) return
    clearIdleTimer()

    const httpStatus = response.status
    const verdict = classifyResponse(httpStatus)
    if (verdict !== 'unauthorized') refusals.reset()
    if (verdict !== 'open') attemptController.abort() // releases the connection without reading a body nobody wants
    if (verdict === 'stop') return stop('closed', httpFailure(httpStatus, true))
    if (verdict === 'unauthorized') return handleUnauthorized(attemptRun)
    if (verdict === 'retry') {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
      return retryLater(attemptRun, httpFailure(httpStatus, false), retryAfterMs)
    }
    const contentType = response.headers.get('content-type')
    if (!isEventStreamContentType(contentType) || !response.body) {
      attemptController.abort()
      return retryLater(attemptRun, notEventStreamFailure(httpStatus, contentType))
    }

    emit('open', { httpStatus })
    if (!isCurrent(attemptRun)) return
    armIdleTimer(attemptRun)
    await readBody(attemptRun, response.body, request.secrets)
  }

  async function readBody(attemptRun: number, body: ReadableStream<Uint8Array>, secrets: string[]): Promise<void> {
    try {
      await readEventStream(body, lastEventId, {
        isActive: () => isCurrent(attemptRun),
        onLastEventId: (id) => (lastEventId = id),
        onRetry: (retryMs) => (schedule.serverRetryMs = retryMs),
        onEvent(event) {
          // The connection proved itself: the next drop starts the backoff from the beginning.
          schedule.reset()
          try {
            options.onEvent?.(event)
          } catch (error) {
            if (isCurrent(attemptRun)) emit(status, handlerFailure(error))
          }
        },
        onChunk(heartbeatOnly) {
          if (heartbeatOnly) idleTimeout.heartbeat(performance.now())
          // Any byte at all proves the connection alive; a heartbeat may also have changed the watchdog's time.
          armIdleTimer(attemptRun)
        },
      })
    } catch (error) {
      return retryLater(attemptRun, networkFailure(error, secrets))
    }
    retryLater(attemptRun, { reason: 'ended' })
  }

  function onWake(): void {
    if (disposed || pausedWhileHidden || status === 'closed' || status === 'unauthorized') return
    connectNow({ reason: 'wake' })
  }

  function onHidden(): void {
    if (disposed || status === 'closed' || status === 'unauthorized' || pausedWhileHidden) return
    pausedWhileHidden = true
    abandon()
    emit('retrying', { reason: 'hidden' })
  }

  function onVisible(): void {
    if (disposed || !pausedWhileHidden) return
    pausedWhileHidden = false
    connectNow()
  }

  if (options.openWhenHidden === false) {
    const watched = watchVisibility(onHidden, onVisible)
    stopWatchingVisibility = watched?.stop
    if (watched?.hidden) onHidden()
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
      schedule.reset()
      refusals.reset()
      pausedWhileHidden = false
      connectNow()
    },
    close() {
      if (disposed) return
      disposed = true
      release()
      stopWatchingVisibility?.()
      if (status !== 'closed') emit('closed', { reason: 'closed-by-client' })
    },
  }
}
