import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createFakeClient, fakeAlarm, type FakeClient } from '../helpers/fake-transport'

// The deprecated name warns once per page: this file's module state starts fresh, so its first use warns.
let mounted: FakeClient[] = []
function start(...args: Parameters<typeof createFakeClient>): FakeClient {
  const fake = createFakeClient(...args)
  mounted.push(fake)
  return fake
}

async function streamOneNewAlarm({ client, streams, backend }: FakeClient, id: number) {
  streams.last.status('open')
  await vi.runAllTimersAsync()
  backend.held.push(fakeAlarm(id))
  streams.last.push(fakeAlarm(id))
  await vi.runAllTimersAsync()
  expect(client.getState().hasNewAlarms).toBe(true)
}

let warn: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  vi.useFakeTimers()
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  for (const { client } of mounted) client.dispose()
  mounted = []
  warn.mockRestore()
  vi.useRealTimers()
})

describe('the onNewAlarm option and its former name onAlarm', () => {
  test('onNewAlarm is called once per new alarm, with no warning', async () => {
    const onNewAlarm = vi.fn()
    const fake = start({ getToken: () => 'token-a', onNewAlarm })
    await streamOneNewAlarm(fake, 7)
    expect(onNewAlarm).toHaveBeenCalledTimes(1)
    expect(onNewAlarm.mock.calls[0]![0]).toMatchObject({ id: 7 })
    expect(warn).not.toHaveBeenCalled()
  })

  test('onAlarm still works, and warns once in development naming onNewAlarm', async () => {
    const first = vi.fn()
    const second = vi.fn()
    await streamOneNewAlarm(start({ getToken: () => 'token-a', onAlarm: first }), 8)
    await streamOneNewAlarm(start({ getToken: () => 'token-b', onAlarm: second }), 9)
    expect(first.mock.calls.map(([alarm]) => alarm.id)).toEqual([8])
    expect(second.mock.calls.map(([alarm]) => alarm.id)).toEqual([9])
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/`onAlarm`.*deprecated.*`onNewAlarm`/)
  })

  test('given both, onNewAlarm is the one called', async () => {
    const onNewAlarm = vi.fn()
    const onAlarm = vi.fn()
    await streamOneNewAlarm(start({ getToken: () => 'token-a', onNewAlarm, onAlarm }), 10)
    expect(onNewAlarm).toHaveBeenCalledTimes(1)
    expect(onAlarm).not.toHaveBeenCalled()
  })

  test('a production build says nothing about the old name', async () => {
    vi.resetModules()
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const { resolveAlarmsOptions } = await import('../../src/resolve-options')
      const onAlarm = vi.fn()
      expect(resolveAlarmsOptions({ onAlarm }).onNewAlarm).toBe(onAlarm)
      expect(warn).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
