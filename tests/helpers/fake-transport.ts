import type { AlarmsApi, ListParams } from '../../src/api/api'
import type { Alarm, AlarmPage } from '../../src/alarms/types'
import { createClient, type AlarmsClient } from '../../src/client/client'
import type { CreateAlarmsOptions } from '../../src/options'
import { resolveAlarmsOptions } from '../../src/resolve-options'
import type { AlarmStream, AlarmStreamOptions, AlarmStreamStatus, AlarmStreamStatusInfo } from '../../src/stream/types'

/** One stream the client opened: the test plays the server through it. */
export interface FakeStream {
  readonly options: AlarmStreamOptions
  readonly closed: boolean
  /** The token the stream sent when it opened (read at once, as `openAlarmStream` does). */
  readonly token: Promise<string | null | undefined> | undefined
  /** Reports a status as the real stream would (`open` makes the client reconcile). */
  status(status: AlarmStreamStatus, info?: AlarmStreamStatusInfo): void
  /** Delivers alarms as events of one network chunk, each with its own id. */
  push(...alarms: Alarm[]): void
}

export function fakeAlarm(id: number, overrides: Partial<Alarm> = {}): Alarm {
  // Later ids are newer: one second apart.
  const createdAt = new Date(Date.UTC(2026, 11, 1) + id * 1000).toISOString()
  return { id, type: 'COMMENT', content: `Alarm ${id}`, url: '', isRead: false, createdAt, ...overrides }
}

/** Opens fake streams instead of HTTP ones, and keeps every one opened. */
export function createFakeStreams() {
  const opened: FakeStream[] = []
  function open(options: AlarmStreamOptions): AlarmStream {
    let closed = false
    let lastEventId = options.lastEventId ?? ''
    let status: AlarmStreamStatus = 'connecting'
    const token = options.getToken ? Promise.resolve(options.getToken()) : undefined
    const stream: FakeStream = {
      options,
      token,
      get closed() {
        return closed
      },
      status(next, info = {}) {
        if (closed) return
        status = next
        options.onStatus?.(next, info)
      },
      push(...alarms) {
        for (const alarm of alarms) {
          if (closed) return
          lastEventId = `e${alarm.id}`
          options.onEvent?.({ type: 'sse', data: JSON.stringify(alarm), lastEventId })
        }
      },
    }
    opened.push(stream)
    return {
      get status() {
        return status
      },
      get lastEventId() {
        return lastEventId
      },
      reconnect() {},
      close() {
        closed = true
      },
    }
  }
  return {
    open,
    opened,
    /** The stream opened last. */
    get last(): FakeStream {
      const stream = opened[opened.length - 1]
      if (!stream) throw new Error('no stream was opened')
      return stream
    },
  }
}

/** An in-memory REST backend with the AlarmsApi shape; `calls` records every request with its signal. */
export function createFakeApi(alarms: Alarm[] = []) {
  const held = [...alarms]
  const calls: { what: string; signal?: AbortSignal | undefined }[] = []
  /** Set to make the next mutations fail. */
  let failMutations = false
  /** Set to hold mutations until `release()`. */
  let gate: Promise<void> | undefined
  let openGate: () => void = () => {}
  const newestFirst = () => [...held].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
  async function mutation(what: string, change: () => void) {
    calls.push({ what })
    await gate
    if (failMutations) throw new Error(`${what} failed`)
    change()
  }
  const api: AlarmsApi = {
    async list(params: ListParams, signal?: AbortSignal): Promise<AlarmPage> {
      calls.push({ what: 'list', signal })
      const items = newestFirst().filter((alarm) => !params.unread || !alarm.isRead)
      const start = params.page * params.size
      return { items: items.slice(start, start + params.size).map((alarm) => ({ ...alarm })), page: params.page, size: params.size, total: items.length }
    },
    async count(signal?: AbortSignal) {
      calls.push({ what: 'count', signal })
      return held.filter((alarm) => !alarm.isRead).length
    },
    markRead: (id) => mutation(`markRead(${id})`, () => held.forEach((alarm) => alarm.id === id && (alarm.isRead = true))),
    markUnread: (id) => mutation(`markUnread(${id})`, () => held.forEach((alarm) => alarm.id === id && (alarm.isRead = false))),
    markAllRead: () => mutation('markAllRead', () => held.forEach((alarm) => (alarm.isRead = true))),
    remove: (id) => mutation(`remove(${id})`, () => held.splice(held.findIndex((alarm) => alarm.id === id), 1)),
  }
  return {
    api,
    calls,
    held,
    failMutations(fail: boolean) {
      failMutations = fail
    },
    holdMutations() {
      gate = new Promise((resolve) => (openGate = resolve))
    },
    release() {
      gate = undefined
      openGate()
    },
  }
}

export interface FakeClient {
  client: AlarmsClient
  streams: ReturnType<typeof createFakeStreams>
  backend: ReturnType<typeof createFakeApi>
}

/** A client over fake transports: no HTTP, no DOM; it reads who is signed in at once, as `createAlarmsClient` does. */
export function createFakeClient(options: CreateAlarmsOptions = {}, alarms: Alarm[] = []): FakeClient {
  const streams = createFakeStreams()
  const backend = createFakeApi(alarms)
  const resolved = resolveAlarmsOptions({ ssr: false, sharedConnection: false, reconcileJitterMs: 0, ...options })
  const client = createClient({ ...resolved, api: backend.api, openStream: streams.open })
  client.setIdentity()
  return { client, streams, backend }
}
