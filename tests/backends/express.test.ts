import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { mountAlarms, until, type MountedAlarms } from '../store/mount-alarms'
import { startExpressBackend, type ExpressBackend } from './express/app'

let backend: ExpressBackend
const mounted: MountedAlarms[] = []

beforeAll(async () => {
  backend = await startExpressBackend(100)
})
afterEach(() => {
  for (const entry of mounted.splice(0)) entry.unmount()
})
afterAll(() => backend.close())

describe('an Express backend with res.write and Last-Event-ID replay', () => {
  test('first load, a live alarm, and after a dropped stream the replay brings what was missed', async () => {
    backend.publish(1, 'before')
    const session = backend.login(1)
    const entry = mountAlarms({ baseURL: `${backend.url}/api`, getToken: () => session.accessToken, stream: { retry: { minMs: 20, initialMs: 50, maxMs: 200 } } })
    mounted.push(entry)
    const { store } = entry
    await until(() => store.status === 'open' && !store.loading, 'the first load')
    expect(store.items.map((item) => item.content)).toEqual(['before'])
    const live = backend.publish(1, 'live')
    await until(() => store.items.length === 2, 'the live alarm')
    expect(store.lastEventId).toBe(String(live.id))

    backend.dropStreams()
    const missed = backend.publish(1, 'while down')
    await until(() => store.items.some((item) => item.id === missed.id), 'the missed alarm')
    expect(backend.lastEventIds.at(-1)).toBe(String(live.id))
    expect(store.items.map((item) => item.content)).toEqual(['while down', 'live', 'before'])
    await until(() => !store.loading, 'the reconcile')
    expect(store.unreadCount).toBe(3)
  })

  test('a 401 refreshes the token once and the stream reopens with the new one', async () => {
    const session = backend.login(2)
    const refreshToken = vi.fn(async () => {
      const response = await fetch(`${backend.url}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      })
      Object.assign(session, await response.json())
    })
    const entry = mountAlarms({ baseURL: `${backend.url}/api`, getToken: () => session.accessToken, refreshToken, stream: { retry: { minMs: 20, initialMs: 50, maxMs: 200 } } })
    mounted.push(entry)
    const { store } = entry
    await until(() => store.status === 'open' && !store.loading, 'the first load')
    backend.expireTokens()
    backend.dropStreams()
    await until(() => refreshToken.mock.calls.length === 1 && store.status === 'open', 'the refreshed stream')
    backend.publish(2, 'after refresh')
    await until(() => store.items.length === 1, 'an alarm on the new stream')
    expect(refreshToken).toHaveBeenCalledTimes(1)
  })
})
