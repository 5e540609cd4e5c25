import { describe, expect, test, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import type { CreateAlarmsOptions } from '../../src/options'
import { until } from './mount-alarms'
import { useStoreTestEnv } from './store-env'

// The test API reads `Authorization: Bearer <token>` (its default mode); these clients send the token raw.
const env = useStoreTestEnv({ auth: 'bearer' })

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A signed-in user whose app sends the token without the Bearer scheme, with a working refresh it counts. */
async function rawTokenApp(userId: number, options: CreateAlarmsOptions = {}) {
  let pair = await env.client.login(userId)
  let refreshes = 0
  const onUnauthorized = vi.fn()
  const errors: string[] = []
  const { store } = env.mount({
    baseURL: `${env.server.url}/api`,
    getToken: () => pair.accessToken,
    authHeaders: (token) => ({ Authorization: token }),
    refreshToken: async () => {
      refreshes++
      pair = await env.client.refresh(pair.refreshToken)
      return true
    },
    onUnauthorized,
    stream: { retry: { minMs: 20, initialMs: 50, maxMs: 200 } },
    ...options,
  })
  store.$subscribe(() => {
    if (store.error && errors.at(-1) !== store.error.message) errors.push(store.error.message)
  })
  return { store, onUnauthorized, errors, refreshes: () => refreshes }
}

describe('a credential the backend refuses even when renewed', () => {
  test('the stream ends unauthorized after at most 2 refreshes, with one error that names authHeaders', async () => {
    const app = await rawTokenApp(801)
    await until(() => app.store.status === 'unauthorized', 'the stream to give up')
    // Room for a loop to show itself: a refresh or a 401 more would land within this time.
    await pause(300)
    expect(app.store.status).toBe('unauthorized')
    // 401 → refresh → 401 → refresh → 401: the second refused renewal ends it.
    expect(app.refreshes()).toBe(2)
    expect(app.store.error?.code).toBe('unauthorized')
    expect(app.store.error?.message).toContain('the backend refuses the renewed credential: check `authHeaders` / `credentials`')
    expect(app.errors).toHaveLength(1)
    expect(app.onUnauthorized).toHaveBeenCalledTimes(1)
    expect((await env.client.stats()).openStreams['801'] ?? 0).toBe(0)
  })

  test('the error outlives the sign-out that onUnauthorized does, until the next sign-in', async () => {
    let token: string | null = null
    const signedIn = ref<string | null>(null)
    const pair = await env.client.login(804)
    signedIn.value = token = pair.accessToken
    const { store } = env.mount({
      baseURL: `${env.server.url}/api`,
      getToken: () => signedIn.value,
      authHeaders: (value) => ({ Authorization: value }),
      refreshToken: async () => true,
      // What apps do: sign out when the session cannot be renewed.
      onUnauthorized: () => (signedIn.value = null),
      stream: { retry: { minMs: 20, initialMs: 50, maxMs: 200 } },
    })
    await until(() => store.status === 'unauthorized' && signedIn.value === null, 'the sign-out')
    await nextTick()
    expect(store.error?.message).toContain('the backend refuses the renewed credential')

    // The sign-in is taken at the next flush, before any answer from the network could arrive.
    signedIn.value = token
    await nextTick()
    expect(store.error).toBeNull()
  })

  test('a REST request ends the session with the same error after one refresh', async () => {
    const app = await rawTokenApp(802, { autoConnect: false })
    await app.store.refresh()
    await until(() => app.store.status === 'unauthorized', 'the session to end')
    expect(app.refreshes()).toBe(1)
    expect(app.store.error?.message).toContain('the backend refuses the renewed credential')
    expect(app.onUnauthorized).toHaveBeenCalledTimes(1)
  })

  test('the same app with the Bearer shape connects: the error is about the shape, not the backend', async () => {
    const token = (await env.client.login(803)).accessToken
    const { store } = env.mount({ baseURL: `${env.server.url}/api`, getToken: () => token })
    await until(() => store.status === 'open', 'the stream to open')
    expect(store.error).toBeNull()
  })
})
