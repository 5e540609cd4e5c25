import { describe, expect, test, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import type { CreateAlarmsOptions } from '../../src/options'
import { until } from './mount-alarms'
import { useStoreTestEnv } from './store-env'

const env = useStoreTestEnv()

const openStreamsOf = async (userId: number) => (await env.client.stats()).openStreams[String(userId)] ?? 0
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function mountWithToken(token: { value: string | null }, options: CreateAlarmsOptions = {}) {
  return env.mount({ baseURL: `${env.server.url}/api`, getToken: () => token.value, ...options }).store
}

describe('the session follows a reactive getToken', () => {
  test('a store made before sign-in connects on sign-in alone and loads what the server holds', async () => {
    const token = ref<string | null>(null)
    const store = mountWithToken(token)
    await pause(100)
    expect(store.status).toBe('idle')
    expect(await openStreamsOf(401)).toBe(0)

    await env.client.publish(401, { content: 'waiting for you' })
    token.value = (await env.client.login(401)).accessToken
    // Nothing but the token's change can open it: without the watch it would stay idle.
    await until(() => store.status === 'open' && store.items.length === 1, 'the connection after sign-in', 5000)
    expect(await openStreamsOf(401)).toBe(1)
    expect(store.unreadCount).toBe(1)
  })

  test('sign-out alone closes the stream, empties the list, and what is published later never arrives', async () => {
    const token = ref<string | null>((await env.client.login(402)).accessToken)
    const store = mountWithToken(token)
    await until(() => store.status === 'open' && !store.loading, 'the first connection')
    await env.client.publish(402, { content: 'private' })
    await until(() => store.items.length === 1, 'the alarm')
    expect(store.lastEventId).not.toBe('')

    token.value = null
    await nextTick()
    expect(store.status).toBe('idle')
    expect(store.items).toEqual([])
    expect(store.unreadCount).toBe(0)
    expect(store.lastEventId).toBe('')
    await until(async () => (await openStreamsOf(402)) === 0, 'the server to see the stream closed', 1000)

    await env.client.publish(402, { content: 'after sign-out' })
    await pause(300)
    expect(store.items).toEqual([])
    expect(store.hasNewAlarms).toBe(false)
  })

  test('the next user on the same page starts from an empty list and sees only their own alarms', async () => {
    const token = ref<string | null>((await env.client.login(403)).accessToken)
    const store = mountWithToken(token)
    await until(() => store.status === 'open' && !store.loading, 'the first user')
    await env.client.publish(403, { content: 'for 403' })
    await until(() => store.items.length === 1, 'the first user\'s alarm')

    // Switched without a signed-out moment in between (tokens shared by a single sign-on, say).
    token.value = (await env.client.login(404)).accessToken
    await nextTick()
    expect(store.items).toEqual([])
    await until(() => store.status === 'open' && !store.loading, 'the second user')
    await env.client.publish(404, { content: 'for 404' })
    await until(() => store.items.length === 1, 'the second user\'s alarm')
    expect(store.items.map((item) => item.content)).toEqual(['for 404'])
    expect(await openStreamsOf(403)).toBe(0)
  })

  test('a renewed token of the same user keeps the list and the stream', async () => {
    const session = await env.client.login(405)
    const token = ref<string | null>(session.accessToken)
    const store = mountWithToken(token)
    await until(() => store.status === 'open' && !store.loading, 'the first connection')
    await env.client.publish(405, { content: 'kept' })
    await until(() => store.items.length === 1, 'the alarm')
    await env.client.resetStats()
    token.value = (await env.client.refresh(session.refreshToken)).accessToken
    await pause(200)
    expect(store.items.map((item) => item.content)).toEqual(['kept'])
    expect((await env.client.stats()).requests['GET /api/subscribe'] ?? 0).toBe(0)
  })

  test('autoConnect: false waits for connect(), and disconnect() stops following sign-in until the next connect()', async () => {
    const token = ref<string | null>((await env.client.login(406)).accessToken)
    const store = mountWithToken(token, { autoConnect: false })
    await pause(100)
    expect(store.status).toBe('idle')
    store.connect()
    await until(() => store.status === 'open', 'the manual connect')
    store.disconnect()
    expect(store.status).toBe('idle')
    token.value = (await env.client.login(406)).accessToken
    await pause(150)
    expect(store.status).toBe('idle')
  })
})

describe('refreshToken means what it says', () => {
  test.each([
    ['resolves null', async () => null],
    ['resolves undefined and leaves no token', async (clear: () => void) => clear()],
    ['rejects', async () => Promise.reject(new Error('refresh endpoint down'))],
  ])('a 401 whose refreshToken %s ends the session: stream closed, onUnauthorized once', async (_, refresh) => {
    let token: string | null = (await env.client.login(407)).accessToken
    const onUnauthorized = vi.fn()
    const entry = env.mount({
      baseURL: `${env.server.url}/api`,
      // A plain variable: Vue cannot watch it, so only the 401 path can notice.
      getToken: () => token,
      refreshToken: () => refresh(() => (token = null)),
      onUnauthorized,
      stream: { retry: { minMs: 20, initialMs: 50, maxMs: 200 } },
    })
    const { store } = entry
    await until(() => store.status === 'open' && !store.loading, 'the first connection')
    await env.client.fault({ type: 'expireTokens' })
    await env.client.fault({ type: 'drop' })
    await until(() => store.status === 'unauthorized', 'the session to end')
    await pause(200)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(store.error?.code).toBe('unauthorized')
    expect(await openStreamsOf(407)).toBe(0)
  })
})
