import { createPinia, setActivePinia } from 'pinia'
import { createApp, nextTick, shallowRef } from 'vue'
import { describe, expect, test, vi } from 'vitest'
import { createAlarms } from '../../src/plugin'
import { useAlarmsStore } from '../../src/store/alarms'
import { mountAlarms, until } from './mount-alarms'
import { testApiPerSuite } from '../helpers/test-api-per-suite'

const { api: client, url } = testApiPerSuite()

const settle = () => new Promise((resolve) => setTimeout(resolve, 150))

describe('useAlarmsStore without a connection', () => {
  test('throws a clear error when the plugin is not installed', () => {
    setActivePinia(createPinia())
    const app = createApp({ render: () => null })
    app.use(createPinia())
    expect(() => app.runWithContext(() => useAlarmsStore())).toThrow('install the plugin first')
  })

  test('starts empty with every piece of state exposed', () => {
    const { store, unmount } = mountAlarms({ baseURL: `${url()}/api`, getToken: () => undefined, autoConnect: false })
    try {
      expect(store.items).toEqual([])
      expect(store.unreadCount).toBe(0)
      expect(store.hasNewAlarms).toBe(false)
      expect(store.status).toBe('idle')
      expect(store.error).toBeNull()
      expect(store.lastEventId).toBe('')
      expect(store.loading).toBe(false)
      expect(store.hasMore).toBe(false)
      expect(store.holdsStream).toBe(false)
      expect(store.user).toBeNull()
      expect(Object.keys(store.$state).sort()).toEqual(
        [
          'error',
          'hasMore',
          'hasNewAlarms',
          'holdsStream',
          'items',
          'lastEventId',
          'loading',
          'status',
          'totalCount',
          'unreadCount',
          'unreadFilterSupported',
          'user',
        ].sort(),
      )
    } finally {
      unmount()
    }
  })

  test('opens nothing when rendering on the server', async () => {
    await client.resetStats()
    const getToken = vi.fn(() => 'token')
    const { store, unmount } = mountAlarms({ baseURL: `${url()}/api`, getToken, ssr: true })
    try {
      store.connect()
      await settle()
      expect(store.status).toBe('idle')
      expect(getToken).not.toHaveBeenCalled()
      expect((await client.stats()).requests['GET /api/subscribe'] ?? 0).toBe(0)
    } finally {
      unmount()
    }
  })

  test('without a token (signed out) opens no stream and stays idle', async () => {
    await client.resetStats()
    const { store, unmount } = mountAlarms({ baseURL: `${url()}/api`, getToken: async () => null })
    try {
      await settle()
      expect(store.status).toBe('idle')
      expect((await client.stats()).requests['GET /api/subscribe'] ?? 0).toBe(0)
    } finally {
      unmount()
    }
  })

  test('tells subscribeSessionEnd listeners on sign-out, a change of user and unauthorized, never on the first sign-in', async () => {
    const token = shallowRef<string | null>(null)
    const { store, unmount } = mountAlarms({ baseURL: `${url()}/api`, getToken: () => token.value, userKey: (value) => value.split('.')[0] ?? null, autoConnect: false })
    const ended = vi.fn()
    const stop = store.subscribeSessionEnd(ended)
    try {
      token.value = 'a.1'
      await nextTick()
      token.value = 'a.2'
      await nextTick()
      expect(ended).not.toHaveBeenCalled()
      token.value = 'b.1'
      await nextTick()
      expect(ended).toHaveBeenCalledTimes(1)
      token.value = null
      await nextTick()
      expect(ended).toHaveBeenCalledTimes(2)
      token.value = 'c.1'
      await nextTick()
      expect(ended).toHaveBeenCalledTimes(2)
      // The server refuses the token and nothing renews it; the app keeps its token: the session is over all the same.
      store.connect()
      await until(() => store.status === 'unauthorized', 'the refused stream')
      expect(ended).toHaveBeenCalledTimes(3)
      stop()
      token.value = null
      await nextTick()
      expect(ended).toHaveBeenCalledTimes(3)
    } finally {
      unmount()
    }
  })

  test('acknowledge() clears hasNewAlarms', () => {
    const { store, unmount } = mountAlarms({ baseURL: `${url()}/api`, getToken: () => undefined, autoConnect: false })
    try {
      store.hasNewAlarms = true
      store.acknowledge()
      expect(store.hasNewAlarms).toBe(false)
    } finally {
      unmount()
    }
  })
})
