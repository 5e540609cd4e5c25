import { createPinia, type Pinia } from 'pinia'
import { shallowRef, type App } from 'vue'
import type { Alarm } from '../alarms/types'
import { AlarmsError } from '../errors'
import { ALARMS_OPTIONS_KEY, type CreateAlarmsOptions, type ResolvedAlarmsOptions } from '../options'
import { resolveAlarmsOptions } from '../resolve-options'
import { useAlarmsStore } from '../store'
import type { AlarmStreamOptions, AlarmStreamStatus } from '../stream/types'
import type { AlarmConnection } from '../tabs/types'
import { completeAlarm, createMemoryBackend, type TestingAlarm } from './memory-api'

export type { TestingAlarm } from './memory-api'

/** Options of the app that still make sense without a server. */
export type TestingAlarmsAppOptions = Pick<CreateAlarmsOptions, 'onNewAlarm' | 'onAlarm' | 'onUnauthorized' | 'pageSize' | 'maxItems'>

/** Options of `createTestingAlarms()`. */
export interface CreateTestingAlarmsOptions {
  /**
   * What the backend holds for `user` when the test starts, newest first; only `id` is required.
   * @default []
   */
  alarms?: TestingAlarm[]
  /**
   * Who is signed in; `null` starts signed out.
   * @default 'user'
   */
  user?: string | null
  /**
   * The pinia to put the store in; it must be installed on the same app.
   * @default a new pinia, installed by this plugin
   */
  pinia?: Pinia
  /**
   * Options of `createAlarms` to keep in the test (callbacks, page size).
   * @default {}
   */
  options?: TestingAlarmsAppOptions
}

/** What `createTestingAlarms()` returns: the real store, and the handles that drive it without a server. */
export interface TestingAlarms {
  /** Installs pinia (unless `pinia` was given) and the store: pass the object in `global.plugins`. */
  install(app: App): void
  /** The `alarms` store, once the plugin is installed. */
  readonly store: ReturnType<typeof useAlarmsStore>
  /** The current user's alarms as the backend holds them now (read state included), newest first. */
  readonly serverAlarms: Alarm[]
  /**
   * A live arrival: the alarm is stored on the backend and pushed down the stream, so it goes through the store as
   * a real one does (badge, `onNewAlarm`, toasts). Without an open stream it only waits on the backend.
   */
  publish(alarm: TestingAlarm): void
  /** Moves the stream to `status` (`retrying` shows a reconnecting state; `open` after it reconciles over REST). */
  setStatus(status: AlarmStreamStatus): void
  /** The stream stops for good with `error` (store `status` `closed`, `error` set); `store.connect()` opens it again. */
  fail(error?: AlarmsError | string): void
  /** Signs `user` in (with `alarms` on the backend, when given), or out with `null`. Applied on the next tick. */
  setUser(user: string | null, alarms?: TestingAlarm[]): void
}

/**
 * A plugin for component tests: installs pinia and the `alarms` store over an in-memory backend and a stream the
 * test drives, as `createTestingPinia` does for stores. Nothing touches the network and no timer of the transport
 * runs; await `flushPromises()` after mounting and after each call.
 */
export function createTestingAlarms(testing: CreateTestingAlarmsOptions = {}): TestingAlarms {
  const user = shallowRef<string | null>(testing.user === undefined ? 'user' : testing.user)
  const backend = createMemoryBackend(() => user.value)
  if (user.value !== null) backend.seed(user.value, testing.alarms ?? [])
  let stream: AlarmStreamOptions | null = null
  let eventCount = 0
  let installedStore: ReturnType<typeof useAlarmsStore> | undefined

  /** The transport the store opens in place of SSE: it opens on the next microtask, as a real one is never sync. */
  function openStream(options: AlarmStreamOptions): AlarmConnection {
    stream = options
    const connection: AlarmConnection = {
      get lastEventId() {
        return String(eventCount)
      },
      reconnect() {
        if (stream === options) options.onStatus?.('open', {})
      },
      close() {
        if (stream === options) stream = null
      },
    }
    queueMicrotask(() => stream === options && options.onStatus?.('open', {}))
    return connection
  }

  function install(app: App) {
    const unmountCallbacks = new Set<() => void>()
    const resolved: ResolvedAlarmsOptions = {
      ...resolveAlarmsOptions(
        {
          ...testing.options,
          getToken: () => (user.value === null ? null : `testing:${user.value}`),
          userKey: () => user.value,
          sharedConnection: false,
          reconcileJitterMs: 0,
          refreshDebounceMs: 0,
          refreshMaxWaitMs: 0,
          ssr: false,
        },
        (callback) => {
          unmountCallbacks.add(callback)
          return () => unmountCallbacks.delete(callback)
        },
      ),
      api: backend.api,
      openStream,
    }
    const pinia = testing.pinia ?? createPinia()
    if (!testing.pinia) app.use(pinia)
    app.provide(ALARMS_OPTIONS_KEY, resolved)
    app.onUnmount(() => {
      for (const callback of [...unmountCallbacks]) callback()
    })
    installedStore = app.runWithContext(() => useAlarmsStore(pinia))
  }

  return {
    install,
    get store() {
      if (!installedStore) throw new Error('createTestingAlarms: install the plugin first (global.plugins in mount)')
      return installedStore
    },
    get serverAlarms() {
      return backend.alarmsOf(user.value)
    },
    publish(input) {
      const alarm = completeAlarm(input)
      if (user.value !== null) backend.add(alarm)
      eventCount += 1
      stream?.onEvent?.({ type: 'sse', data: JSON.stringify(alarm), lastEventId: String(eventCount) })
    },
    setStatus(status) {
      if (status === 'retrying') stream?.onStatus?.('retrying', { reason: 'network-error', delayMs: 1000, attempt: 1 })
      else stream?.onStatus?.(status, {})
    },
    fail(error = 'The stream failed') {
      const cause = typeof error === 'string' ? new AlarmsError('stream', error, { status: 500 }) : error
      stream?.onStatus?.('closed', { reason: 'http-status', httpStatus: cause.status ?? 500, error: cause })
    },
    setUser(next, alarms) {
      if (next !== null && alarms) backend.seed(next, alarms)
      user.value = next
    },
  }
}
