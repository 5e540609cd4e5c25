import { describe, expect, test, vi } from 'vitest'
import { createTokenRefresher, withTokenRefresh } from '../../src/api/auth'
import { AlarmsError } from '../../src/errors'

describe('createTokenRefresher', () => {
  test('concurrent callers share one refresh', async () => {
    let release!: () => void
    const refreshToken = vi.fn(() => new Promise<void>((resolve) => (release = resolve)))
    const refresh = createTokenRefresher(refreshToken)
    const results = Promise.all([refresh(), refresh(), refresh()])
    release()
    expect(await results).toEqual([true, true, true])
    expect(refreshToken).toHaveBeenCalledTimes(1)
    const later = refresh()
    release()
    await later
    expect(refreshToken).toHaveBeenCalledTimes(2)
  })

  test('reports false when there is no refreshToken, it throws, or it resolves false', async () => {
    expect(await createTokenRefresher()()).toBe(false)
    expect(await createTokenRefresher(() => Promise.reject(new Error('expired')))()).toBe(false)
    expect(await createTokenRefresher(async () => false)()).toBe(false)
  })
})

describe('withTokenRefresh', () => {
  const unauthorized = () => new AlarmsError('unauthorized', 'HTTP 401', { status: 401 })

  test('refreshes once and retries once after a 401', async () => {
    let calls = 0
    const refresh = vi.fn(async () => true)
    const result = await withTokenRefresh(async () => {
      calls += 1
      if (calls === 1) throw unauthorized()
      return 'ok'
    }, refresh)
    expect(result).toBe('ok')
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  test('gives up after the retry also answers 401, saying the renewed credential was refused', async () => {
    const request = vi.fn(async () => {
      throw unauthorized()
    })
    const failure = withTokenRefresh(request, async () => true)
    await expect(failure).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
    await expect(failure).rejects.toThrow('the backend refuses the renewed credential: check `authHeaders` / `credentials`')
    expect(request).toHaveBeenCalledTimes(2)
  })

  test('does not retry other errors or when the refresh fails', async () => {
    const failing = vi.fn(async () => {
      throw new AlarmsError('http', 'HTTP 500', { status: 500 })
    })
    const refresh = vi.fn(async () => true)
    await expect(withTokenRefresh(failing, refresh)).rejects.toMatchObject({ status: 500 })
    expect(refresh).not.toHaveBeenCalled()
    const denied = vi.fn(async () => {
      throw unauthorized()
    })
    await expect(withTokenRefresh(denied, async () => false)).rejects.toMatchObject({ code: 'unauthorized' })
    expect(denied).toHaveBeenCalledTimes(1)
  })
})
