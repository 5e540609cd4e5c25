import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { AlarmsClientState } from '../../src/client/state'
import { createFakeClient, fakeAlarm, type FakeClient } from '../helpers/fake-transport'

/** Runs every timer and the promises they start, until nothing is left (fake timers: no real waiting). */
const settle = () => vi.runAllTimersAsync()

let mounted: FakeClient[] = []
function start(...args: Parameters<typeof createFakeClient>): FakeClient {
  const fake = createFakeClient(...args)
  mounted.push(fake)
  return fake
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  for (const { client } of mounted) client.dispose()
  mounted = []
  vi.useRealTimers()
})

describe('createAlarmsClient over a fake transport', () => {
  test('loads the first page and the unread count when the stream opens, reporting none of them as new', async () => {
    const { client, streams } = start({ getToken: () => 'token-a' }, [fakeAlarm(1), fakeAlarm(2, { isRead: true }), fakeAlarm(3)])
    const newAlarms = vi.fn()
    client.subscribeNewAlarms(newAlarms)
    expect(client.getState().status).toBe('connecting')

    streams.last.status('open')
    await settle()

    const state = client.getState()
    expect(state.status).toBe('open')
    expect(state.items.map((alarm) => alarm.id)).toEqual([3, 2, 1])
    expect(state.unreadCount).toBe(2)
    expect(state.totalCount).toBe(3)
    expect(state.hasNewAlarms).toBe(false)
    expect(newAlarms).not.toHaveBeenCalled()
  })

  test('reports a streamed alarm as new once, and a replay of it not again', async () => {
    const onNewAlarm = vi.fn()
    const { client, streams, backend } = start({ getToken: () => 'token-a', onNewAlarm })
    const newAlarms = vi.fn()
    client.subscribeNewAlarms(newAlarms)
    streams.last.status('open')
    await settle()

    // The server holds what it publishes: the refresh after the alarm finds it there.
    backend.held.push(fakeAlarm(7))
    streams.last.push(fakeAlarm(7))
    await settle()
    streams.last.push(fakeAlarm(7))
    await settle()

    expect(newAlarms).toHaveBeenCalledTimes(1)
    expect(newAlarms.mock.calls[0]![0].map((alarm: { id: number }) => alarm.id)).toEqual([7])
    expect(onNewAlarm).toHaveBeenCalledTimes(1)
    expect(client.getState()).toMatchObject({ hasNewAlarms: true, unreadCount: 1, lastEventId: 'e7' })
    client.acknowledge()
    expect(client.getState().hasNewAlarms).toBe(false)
  })

  test('applies a chunk of alarms as one change of the list', async () => {
    const { client, streams } = start({ getToken: () => 'token-a' })
    streams.last.status('open')
    await settle()
    const lists: AlarmsClientState['items'][] = []
    client.subscribe((next, previous) => next.items !== previous.items && lists.push(next.items))

    streams.last.push(...Array.from({ length: 50 }, (_, index) => fakeAlarm(index + 1)))
    await Promise.resolve()

    expect(lists).toHaveLength(1)
    expect(lists[0]).toHaveLength(50)
    expect(lists[0]![0]!.id).toBe(50)
  })

  test('rolls an optimistic mark-read back when the server refuses it, and says why', async () => {
    const { client, streams, backend } = start({ getToken: () => 'token-a' }, [fakeAlarm(1)])
    streams.last.status('open')
    await settle()
    backend.failMutations(true)

    const done = client.markRead(1)
    expect(client.getState().unreadCount).toBe(0)
    await done

    expect(client.getState().unreadCount).toBe(1)
    expect(client.getState().items[0]!.isRead).toBe(false)
    expect(client.getState().error?.message).toContain('markRead(1)')
  })

  test('a mutation aborts the refresh in flight, and the refresh runs again after the mutation settles', async () => {
    const { client, streams, backend } = start({ getToken: () => 'token-a' }, [fakeAlarm(1), fakeAlarm(2)])
    streams.last.status('open')
    await settle()
    backend.calls.length = 0
    backend.holdMutations()

    const refreshing = client.refresh()
    const marking = client.markRead(2)
    // A refresh asks for the count first (then the page).
    const firstCount = backend.calls.find((call) => call.what === 'count')
    expect(firstCount?.signal?.aborted).toBe(true)
    backend.release()
    await Promise.all([refreshing, marking])
    await settle()

    const counts = backend.calls.filter((call) => call.what === 'count')
    expect(counts.length).toBe(2)
    expect(counts[1]!.signal?.aborted).toBe(false)
    expect(backend.calls.filter((call) => call.what === 'list')).toHaveLength(1)
    expect(client.getState().items.find((alarm) => alarm.id === 2)?.isRead).toBe(true)
    expect(client.getState().unreadCount).toBe(1)
  })

  test('a new user starts from an empty list on a stream of its own, and the session-end listeners hear of it', async () => {
    let token = 'token-a'
    const { client, streams } = start({ getToken: () => token }, [fakeAlarm(1)])
    const ended = vi.fn()
    client.subscribeSessionEnd(ended)
    streams.last.status('open')
    streams.last.push(fakeAlarm(2))
    await settle()
    const first = streams.last

    token = 'token-b'
    client.setIdentity()

    expect(first.closed).toBe(true)
    expect(streams.opened).toHaveLength(2)
    expect(streams.last.options.lastEventId).toBe('')
    expect(client.getState()).toMatchObject({ items: [], unreadCount: 0, hasNewAlarms: false, status: 'connecting' })
    expect(ended).toHaveBeenCalledTimes(1)
  })

  test('signs out when the token goes: the stream closes and nothing of the user stays', async () => {
    let token: string | null = 'token-a'
    const { client, streams } = start({ getToken: () => token }, [fakeAlarm(1)])
    streams.last.status('open')
    await settle()

    token = null
    client.setIdentity()

    expect(streams.last.closed).toBe(true)
    expect(client.getState()).toMatchObject({ status: 'idle', items: [], unreadCount: 0 })
  })

  test('a refused stream without renewal ends the session once: unauthorized, onUnauthorized, session end', async () => {
    const onUnauthorized = vi.fn()
    const { client, streams } = start({ getToken: () => 'token-a', onUnauthorized })
    const ended = vi.fn()
    client.subscribeSessionEnd(ended)

    streams.last.status('unauthorized', {})
    await settle()

    expect(client.getState().status).toBe('unauthorized')
    expect(client.getState().error?.code).toBe('unauthorized')
    expect(streams.last.closed).toBe(true)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(ended).toHaveBeenCalledTimes(1)
  })

  test('reads getToken once per connect: the read that tells who is signed in is the token the stream sends', async () => {
    const getToken = vi.fn(() => 'token-a')
    const { client, streams } = start({ getToken })
    expect(await streams.last.token).toBe('token-a')
    expect(getToken).toHaveBeenCalledTimes(1)

    client.disconnect()
    client.connect()
    expect(await streams.last.token).toBe('token-a')
    // disconnect() looks again for a sign-out, connect() reads who is signed in: the new stream reads nothing more.
    expect(getToken).toHaveBeenCalledTimes(3)
  })

  test('reconnects where the last connection stopped: the next stream resumes from its last event id', async () => {
    const { client, streams } = start({ getToken: () => 'token-a' })
    streams.last.status('open')
    streams.last.push(fakeAlarm(4))
    await settle()

    client.disconnect()
    client.connect()

    expect(streams.opened).toHaveLength(2)
    expect(streams.last.options.lastEventId).toBe('e4')
  })

  test('a reconnect reconciles over REST, and alarms created while down are reported as new', async () => {
    const { client, streams, backend } = start({ getToken: () => 'token-a' }, [fakeAlarm(1)])
    const newAlarms = vi.fn()
    client.subscribeNewAlarms(newAlarms)
    streams.last.status('open')
    await settle()

    streams.last.status('retrying', { delayMs: 1000 })
    backend.held.push(fakeAlarm(2))
    streams.last.status('open')
    await settle()

    expect(client.getState().items.map((alarm) => alarm.id)).toEqual([2, 1])
    expect(newAlarms).toHaveBeenCalledTimes(1)
  })

  test.each([
    ['after the refresh', false],
    ['while the refresh is out', true],
  ])('an alarm published between the first page and the unread count, streamed %s, is counted once', async (_when, streamedEarly) => {
    const { client, streams, backend } = start({ getToken: () => 'token-a' })
    // The server answers each request with what it holds when the request is served; the test serves them.
    const waiting: { what: 'list' | 'count'; serve: () => void }[] = []
    const { list, count } = backend.api
    backend.api.list = (...args) => new Promise((resolve, reject) => waiting.push({ what: 'list', serve: () => list(...args).then(resolve, reject) }))
    backend.api.count = (...args) => new Promise((resolve, reject) => waiting.push({ what: 'count', serve: () => count(...args).then(resolve, reject) }))
    const serve = async (what: 'list' | 'count') => {
      for (const request of waiting.filter((entry) => entry.what === what)) {
        waiting.splice(waiting.indexOf(request), 1)
        request.serve()
      }
      await vi.advanceTimersByTimeAsync(0)
    }
    streams.last.status('open')
    await vi.advanceTimersByTimeAsync(0)

    // Whatever page request is out is served before the publish, the count after it.
    await serve('list')
    backend.held.push(fakeAlarm(1))
    if (streamedEarly) streams.last.push(fakeAlarm(1))
    await serve('count')
    await serve('list')
    expect(waiting).toEqual([])
    if (!streamedEarly) streams.last.push(fakeAlarm(1))
    await vi.advanceTimersByTimeAsync(0)

    expect(client.getState().items.map((alarm) => alarm.id)).toEqual([1])
    expect(client.getState().unreadCount).toBe(1)
  })

  test('stops telling a listener once it unsubscribes, and nothing after dispose', async () => {
    const { client, streams } = start({ getToken: () => 'token-a' })
    const listener = vi.fn()
    const stop = client.subscribe(listener)
    streams.last.status('open')
    expect(listener).toHaveBeenCalled()
    stop()
    listener.mockClear()
    streams.last.push(fakeAlarm(1))
    await settle()
    expect(listener).not.toHaveBeenCalled()

    client.dispose()
    expect(streams.last.closed).toBe(true)
    expect(client.getState().status).toBe('idle')
  })
})
