// The clients of the reconnect-storm bench, each as one browser would run it: its own stream, its own store.
import { createParser } from 'eventsource-parser'
import { watch } from 'vue'
import type { Alarm } from '../../src/alarms/types'
import { mountAlarms } from '../../tests/store/mount-alarms'
import { epochNow } from './storm-protocol'

export interface Attempt {
  /** Epoch ms when the stream request was made. */
  at: number
  /** The server (or a proxy) answered with a status; false while pending or when the request failed. */
  answered: boolean
  /** The request got an answer or failed; false while it is still waiting (e.g. for a connect). */
  settled: boolean
}

export interface StormClient {
  readonly userId: number
  readonly attempts: Attempt[]
  /** Epoch ms of every `open`. */
  readonly opens: number[]
  isOpen(): boolean
  /** Where the client is: the store's status, or open/closed for a bare stream. */
  status(): string
  /** Open and not loading anything over REST. */
  isSettled(): boolean
  /** Times the alarm's JSON crossed the wire in a stream. */
  wireCount(alarmId: number): number
  /** Copies of the alarm the client holds (ours: its list; a bare stream: what it received). */
  heldCount(alarmId: number): number
  /** Times the "new alarm" notification fired for it (ours only). */
  notifiedCount(alarmId: number): number | undefined
  close(): void
}

const ALARM_DATA = /^data: ?\{"id":(\d+)[,}]/

/** Counts alarm ids in `data:` lines of a body copy as it passes, without parsing JSON. */
function countAlarmsOnWire(body: ReadableStream<Uint8Array>, counts: Map<number, number>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder()
  let partial = ''
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) {
          const match = ALARM_DATA.exec(line)
          if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1)
        }
        controller.enqueue(chunk)
      },
    }),
  )
}

/** A `fetch` that records each stream request and counts the alarms its response carries. */
function instrumentedFetch(attempts: Attempt[], wire: Map<number, number>): typeof globalThis.fetch {
  return async (input, init) => {
    const attempt: Attempt = { at: epochNow(), answered: false, settled: false }
    attempts.push(attempt)
    const response = await globalThis.fetch(input, init).finally(() => {
      attempt.settled = true
    })
    attempt.answered = true
    if (!response.body) return response
    return new Response(countAlarmsOnWire(response.body, wire), { status: response.status, statusText: response.statusText, headers: response.headers })
  }
}

type NewAlarmsSubscription = (listener: (alarms: Alarm[]) => void) => () => void

/** The library as an app runs it, every timing setting left to the library's defaults. */
export function openStoreClient(apiUrl: string, userId: number, accessToken: string): StormClient {
  const attempts: Attempt[] = []
  const opens: number[] = []
  const wire = new Map<number, number>()
  const notified = new Map<number, number>()
  const notify = (alarms: Alarm[]) => {
    for (const alarm of alarms) notified.set(Number(alarm.id), (notified.get(Number(alarm.id)) ?? 0) + 1)
  }
  let viaSubscription = false
  const { store, unmount } = mountAlarms({
    baseURL: `${apiUrl}/api`,
    getToken: () => accessToken,
    sharedConnection: false,
    // Counted only where the store has no batch subscription (older stores announce stream alarms only).
    onNewAlarm: (alarm) => {
      if (!viaSubscription) notify([alarm])
    },
    stream: { fetch: instrumentedFetch(attempts, wire) },
  })
  const subscribe = (store as unknown as { subscribeNewAlarms?: NewAlarmsSubscription }).subscribeNewAlarms
  const unsubscribe = subscribe?.(notify)
  viaSubscription = unsubscribe !== undefined
  const stopWatching = watch(
    () => store.status,
    (status) => {
      if (status === 'open') opens.push(epochNow())
    },
    { flush: 'sync', immediate: true },
  )
  const countHeld = (alarmId: number) => store.items.reduce((count, alarm) => (String(alarm.id) === String(alarmId) ? count + 1 : count), 0)
  return {
    userId,
    attempts,
    opens,
    isOpen: () => store.status === 'open',
    status: () => store.status,
    isSettled: () => store.status === 'open' && !store.loading,
    wireCount: (alarmId) => wire.get(alarmId) ?? 0,
    heldCount: countHeld,
    notifiedCount: (alarmId) => notified.get(alarmId) ?? 0,
    close() {
      stopWatching()
      unsubscribe?.()
      unmount()
    },
  }
}

export interface FixedDelayOptions {
  /** Wait after any end or failure before the next request. */
  delayMs: number
  /** A native EventSource resumes with `Last-Event-ID`; a new EventSource per attempt (vueuse) does not. */
  sendsLastEventId: boolean
}

/** A bare stream that reconnects after a fixed delay, as a native EventSource or vueuse's autoReconnect does. */
export function openFixedDelayClient(apiUrl: string, userId: number, accessToken: string, options: FixedDelayOptions): StormClient {
  const attempts: Attempt[] = []
  const opens: number[] = []
  const wire = new Map<number, number>()
  let open = false
  let closed = false
  let lastEventId = ''
  let controller: AbortController | undefined
  let wakeUp: (() => void) | undefined

  async function readOnce(): Promise<void> {
    const attempt: Attempt = { at: epochNow(), answered: false, settled: false }
    attempts.push(attempt)
    controller = new AbortController()
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${accessToken}` }
    if (options.sendsLastEventId && lastEventId) headers['Last-Event-ID'] = lastEventId
    const response = await fetch(`${apiUrl}/api/subscribe`, { headers, signal: controller.signal }).finally(() => {
      attempt.settled = true
    })
    attempt.answered = true
    if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await response.body?.cancel()
      return
    }
    open = true
    opens.push(epochNow())
    const parser = createParser({
      onEvent(event) {
        if (event.id !== undefined) lastEventId = event.id
        const match = /^\{"id":(\d+)[,}]/.exec(event.data)
        if (match) wire.set(Number(match[1]), (wire.get(Number(match[1])) ?? 0) + 1)
      },
    })
    const decoder = new TextDecoder()
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      parser.feed(decoder.decode(value, { stream: true }))
    }
  }

  void (async () => {
    while (!closed) {
      await readOnce().catch(() => {})
      open = false
      if (closed) return
      await new Promise<void>((resolve) => {
        wakeUp = resolve
        setTimeout(resolve, options.delayMs)
      })
    }
  })()

  return {
    userId,
    attempts,
    opens,
    isOpen: () => open,
    status: () => (open ? 'open' : 'closed'),
    isSettled: () => open,
    wireCount: (alarmId) => wire.get(alarmId) ?? 0,
    heldCount: (alarmId) => wire.get(alarmId) ?? 0,
    notifiedCount: () => undefined,
    close() {
      closed = true
      controller?.abort()
      wakeUp?.()
    },
  }
}
