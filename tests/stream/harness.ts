import { vi } from 'vitest'
import { openAlarmStream } from '../../src/stream'
import type { AlarmStream, AlarmStreamEvent, AlarmStreamOptions, AlarmStreamStatus, AlarmStreamStatusInfo } from '../../src/stream'

/** Short waits so reconnect tests stay fast; tests about timing pass their own. */
export const FAST_RETRY = { minMs: 20, initialMs: 20, maxMs: 100 } as const

export interface WatchedStream {
  stream: AlarmStream
  events: AlarmStreamEvent[]
  statuses: Array<{ status: AlarmStreamStatus; info: AlarmStreamStatusInfo }>
  /** Status names in order. */
  readonly statusNames: AlarmStreamStatus[]
}

const opened: AlarmStream[] = []

/** Opens a stream that records its events and statuses; `closeAllStreams()` in `afterEach` closes it. */
export function watchStream(options: AlarmStreamOptions): WatchedStream {
  const events: AlarmStreamEvent[] = []
  const statuses: WatchedStream['statuses'] = []
  const stream = openAlarmStream({
    retry: FAST_RETRY,
    ...options,
    onEvent(event) {
      events.push(event)
      options.onEvent?.(event)
    },
    onStatus(status, info) {
      statuses.push({ status, info })
      options.onStatus?.(status, info)
    },
  })
  opened.push(stream)
  return {
    stream,
    events,
    statuses,
    get statusNames() {
      return statuses.map((entry) => entry.status)
    },
  }
}

export function closeAllStreams(): void {
  for (const stream of opened.splice(0)) stream.close()
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const waitUntil = (check: () => void, timeout = 5000) => vi.waitFor(check, { timeout, interval: 5 })

/** `text` as byte chunks of `size` with a pause between them, so each crosses the wire on its own. */
export function byteChunks(text: string | Uint8Array, size = 1, delayMs = 1): Array<Uint8Array | { delayMs: number }> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text
  const steps: Array<Uint8Array | { delayMs: number }> = []
  for (let start = 0; start < bytes.length; start += size) {
    if (start > 0) steps.push({ delayMs })
    steps.push(bytes.slice(start, start + size))
  }
  return steps
}
