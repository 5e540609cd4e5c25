import { vi } from 'vitest'
import { createApp, type Plugin } from 'vue'
import { createTestingPinia, type TestingPinia } from '@pinia/testing'
import type { Alarm } from '../../src/alarms/types'
import { createAlarms } from '../../src/plugin'
import { useAlarmsStore } from '../../src/store'

export type StoreState = Partial<{
  items: Alarm[]
  olderUnread: Alarm[]
  unreadCount: number
  totalCount: number
  hasNewAlarms: boolean
  status: string
  error: { code: string; message: string; status?: number } | null
  loading: boolean
  hasMore: boolean
}>

export interface StoreHarness {
  /** Install both on the app under test (`global.plugins`). */
  plugins: [TestingPinia, Plugin]
  store: ReturnType<typeof useAlarmsStore>
  /** Hands a batch to every `subscribeNewAlarms` listener, as the store does for alarms new to the page. */
  emitNew(alarms: Alarm[]): void
  listenerCount(): number
  /** Tells every `subscribeSessionEnd` listener, as the store does on sign-out, a user change or `unauthorized`. */
  endSession(): void
  patch(state: StoreState): void
}

/**
 * A testing pinia whose `alarms` store exists before any component mounts, actions stubbed, with a working
 * `subscribeNewAlarms`: components can be driven with plain state patches and `emitNew`.
 */
export function createStoreHarness(state: StoreState = {}): StoreHarness {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: true })
  const plugin = createAlarms({ getToken: () => null, autoConnect: false })
  const store = createApp({}).use(pinia).use(plugin).runWithContext(() => useAlarmsStore())
  const listeners = new Set<(alarms: Alarm[]) => void>()
  vi.mocked(store.subscribeNewAlarms).mockImplementation((listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  })
  const sessionEndListeners = new Set<() => void>()
  vi.mocked(store.subscribeSessionEnd).mockImplementation((listener) => {
    sessionEndListeners.add(listener)
    return () => sessionEndListeners.delete(listener)
  })
  const patch = (next: StoreState) => {
    const { unreadCount, totalCount, ...rest } = next
    store.$patch(rest as never)
    // Counts follow the given items unless given themselves.
    const items = next.items
    if (unreadCount !== undefined || items) Object.assign(store, { unreadCount: unreadCount ?? items!.filter((alarm) => !alarm.isRead).length })
    if (totalCount !== undefined || items) Object.assign(store, { totalCount: totalCount ?? items!.length })
  }
  patch({ items: [], hasNewAlarms: false, status: 'open', error: null, loading: false, hasMore: false, ...state })
  return {
    plugins: [pinia, plugin],
    store,
    emitNew: (alarms) => [...listeners].forEach((listener) => listener(alarms)),
    listenerCount: () => listeners.size,
    endSession: () => [...sessionEndListeners].forEach((listener) => listener()),
    patch,
  }
}

/** Zone-less, as Spring's LocalDateTime serializes, `minutes` before now. */
export function minutesAgo(minutes: number): string {
  const date = new Date(Date.now() - minutes * 60_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.000`
}

export function alarm(id: number, overrides: Partial<Alarm> = {}): Alarm {
  return { id, type: 'COMMENT', content: `Alarm ${id}`, url: `/posts/${id}`, isRead: false, createdAt: minutesAgo(id), ...overrides }
}
