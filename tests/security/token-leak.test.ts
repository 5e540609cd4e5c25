import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Fault } from '../../server/index'
import { openAlarmStream } from '../../src/stream'
import type { AlarmStreamStatus, AlarmStreamStatusInfo } from '../../src/stream/types'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { mountAlarms, until, type MountedAlarms } from '../store/mount-alarms'
import { findLeaks, reachableText } from './leak-check'

const RETRY = { minMs: 20, initialMs: 20, maxMs: 60 }

let server: TestServer
let api: TestApiClient
/** Answers every request (REST and stream) with the same failure. */
let failing: ScriptedServer
/** A port nothing listens on: connection refused. */
let deadUrl: string
const issuedTokens = new Set<string>()
const mounted: MountedAlarms[] = []
const consoleOutput: string[] = []

async function login(userId: number) {
  const pair = await api.login(userId)
  issuedTokens.add(pair.accessToken).add(pair.refreshToken)
  return pair
}

beforeAll(async () => {
  server = await startTestApi()
  api = createTestApiClient(server.url)
  let mode: 500 | 401 = 500
  failing = await startScriptedServer(() => ({ status: mode, headers: { 'content-type': 'application/json' }, body: [`{"status":${mode}}`] }))
  ;(failing as ScriptedServer & { setMode?: (next: 500 | 401) => void }).setMode = (next) => (mode = next)
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  deadUrl = `http://127.0.0.1:${port}`
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((arg) => reachableText(arg)).join(' '))
    })
  }
})

afterEach(async () => {
  for (const entry of mounted.splice(0)) entry.unmount()
  await api.resetFaults()
})

afterAll(async () => {
  vi.restoreAllMocks()
  await server?.close()
  await failing?.close()
})

interface Observed {
  statuses: Array<{ status: AlarmStreamStatus; info: AlarmStreamStatusInfo }>
}

/** Opens a stream with the token, waits until `done` says so, closes it, and returns every status report. */
async function observeStream(
  options: { url?: string; token: string; fetch?: typeof fetch; refreshToken?: () => Promise<boolean> },
  done: (observed: Observed) => boolean,
): Promise<Observed> {
  const observed: Observed = { statuses: [] }
  const stream = openAlarmStream({
    url: options.url ?? `${server.url}/api/subscribe`,
    getToken: () => options.token,
    retry: RETRY,
    fetch: options.fetch,
    refreshToken: options.refreshToken,
    onStatus: (status, info) => observed.statuses.push({ status, info }),
  })
  try {
    await until(() => done(observed), 'the expected status').catch((error: unknown) => {
      throw new Error(`${String(error)}; statuses: ${observed.statuses.map((entry) => `${entry.status}/${entry.info.reason ?? ''}/${entry.info.httpStatus ?? ''}`).join(' ')}`)
    })
  } finally {
    stream.close()
  }
  return observed
}

const sawStatus = (status: AlarmStreamStatus, check: (info: AlarmStreamStatusInfo) => boolean = () => true) => (observed: Observed) =>
  observed.statuses.some((entry) => entry.status === status && check(entry.info))

test('the leak check finds a token however deep it is buried', () => {
  const token = 'eyJzdWIiOjF9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'
  expect(findLeaks(reachableText({ error: new Error('outer', { cause: new Error(`inner ${token}`) }) }), [token])).not.toEqual([])
  expect(findLeaks(reachableText([{ headers: { Authorization: `Bearer ${token.slice(0, 10)}…${token.split('.')[1]}` } }]), [token])).not.toEqual([])
  expect(findLeaks('nothing here', [token])).toEqual([])
})

describe('the token never leaks from the stream', () => {
  test('no status report under any failure carries the token, and the server never sees it in a URL', async () => {
    const { accessToken } = await login(601)
    const reports: Observed[] = []
    const withFault = async (faults: Fault[], done: (observed: Observed) => boolean) => {
      await api.fault(faults)
      reports.push(await observeStream({ token: accessToken }, done))
      await api.resetFaults()
    }

    await withFault([{ type: 'status', status: 500, count: 1 }], sawStatus('open'))
    await withFault([{ type: 'status', status: 503, retryAfter: 0, count: 1 }], sawStatus('open'))
    await withFault([{ type: 'status', status: 200, contentType: 'text/html', count: 1 }], sawStatus('open'))
    await withFault([{ type: 'status', status: 403, count: 1 }], sawStatus('closed'))
    await withFault([{ type: 'status', status: 404, count: 1 }], sawStatus('closed'))
    await withFault([{ type: 'status', status: 401, count: 1 }], sawStatus('unauthorized'))
    // Cut mid-event: the body read fails with whatever the fetch implementation says.
    await api.fault({ type: 'cut', count: 1 })
    reports.push(
      await observeStream({ token: accessToken }, (observed) => {
        if (observed.statuses.filter((entry) => entry.status === 'open').length === 1) void api.publish(601, { content: 'cut me' })
        return sawStatus('retrying', (info) => info.reason === 'network-error')(observed)
      }),
    )
    // Connection refused.
    reports.push(await observeStream({ url: `${deadUrl}/api/subscribe`, token: accessToken }, sawStatus('retrying', (info) => info.reason === 'network-error')))
    // A refresh that fails with an error of its own.
    await api.fault({ type: 'status', status: 401, count: 1 })
    reports.push(
      await observeStream(
        {
          token: accessToken,
          refreshToken: async () => {
            throw new Error('refresh failed')
          },
        },
        sawStatus('unauthorized'),
      ),
    )
    await api.resetFaults()

    const text = reachableText(reports)
    expect(text).toContain('HTTP 500')
    expect(text).toContain('network-error')
    expect(findLeaks(text, issuedTokens)).toEqual([])

    const { requestLog } = await api.stats()
    expect(requestLog.filter((entry) => entry.userId === 601).length).toBeGreaterThan(5)
    expect(findLeaks(reachableText(requestLog), issuedTokens)).toEqual([])
  })

  test('a token that cannot go in a header is refused before any request, without quoting it', async () => {
    const { accessToken } = await login(602)
    const before = (await api.stats()).requestLog.length
    for (const bad of [`${accessToken}\n`, `${accessToken}\r\nX-Evil: 1`, `tök€n-${accessToken}`, `${accessToken}\0`]) {
      const observed = await observeStream({ token: bad }, sawStatus('retrying', (info) => info.reason === 'token-error'))
      const text = reachableText(observed)
      expect(text).toContain('cannot be sent')
      expect(findLeaks(text, [accessToken])).toEqual([])
    }
    expect((await api.stats()).requestLog.length).toBe(before)
  })

  test('an error that quotes the request headers is withheld', async () => {
    const { accessToken } = await login(603)
    // A fetch (polyfill, proxy agent, instrumentation) whose errors echo the request: the stream must not pass it on.
    const quotingFetch: typeof fetch = async (input, init) => {
      const headers = JSON.stringify(init?.headers)
      throw new TypeError(`request to ${String(input)} failed, headers ${headers}`, { cause: new Error(headers) })
    }
    const observed = await observeStream({ token: accessToken, fetch: quotingFetch }, sawStatus('retrying', (info) => info.reason === 'network-error'))
    const text = reachableText(observed)
    expect(text).toContain('withheld')
    expect(findLeaks(text, [accessToken])).toEqual([])
  })
})

describe('the token never leaks from the store', () => {
  function mountFailing(baseURL: string, token: string, refreshToken?: () => Promise<unknown>) {
    const entry = mountAlarms({ baseURL, getToken: () => token, refreshToken, stream: { retry: RETRY } })
    mounted.push(entry)
    return entry.store
  }

  test('REST and stream failures (500, 401 without renewal, connection refused) leave no token in state or console', async () => {
    const { accessToken } = await login(604)
    const setMode = (failing as ScriptedServer & { setMode: (next: 500 | 401) => void }).setMode
    const failingBase = `${failing.url.replace(/\/events$/, '')}/api`

    setMode(500)
    const on500 = mountFailing(failingBase, accessToken)
    await until(() => on500.status === 'retrying', 'the stream to retry after a 500')
    await on500.refresh()
    await on500.markRead(1)
    await on500.remove(2)
    await on500.markAllRead()
    await on500.loadMore()
    expect(on500.error?.code).toBe('http')

    setMode(401)
    const on401 = mountFailing(failingBase, accessToken, async () => {
      throw new Error('refresh refused')
    })
    await until(() => on401.status === 'unauthorized', 'unauthorized')
    await on401.refresh()
    expect(on401.error?.code).toBe('unauthorized')

    const refused = mountFailing(`${deadUrl}/api`, accessToken)
    await until(() => refused.status === 'retrying', 'the stream to retry after connection refused')
    await refused.refresh()
    expect(refused.error?.code).toBe('network')

    const stateText = reachableText([on500.$state, on401.$state, refused.$state, on500.error, on401.error, refused.error])
    expect(stateText).toContain('failed')
    expect(findLeaks(stateText, issuedTokens)).toEqual([])
    expect(findLeaks(consoleOutput.join('\n'), issuedTokens)).toEqual([])
    // The failing server got the token in the header only.
    expect(failing.requests.some((request) => request.authorization === `Bearer ${accessToken}`)).toBe(true)
    expect(findLeaks(failing.requests.map((request) => request.url).join('\n'), issuedTokens)).toEqual([])
  })

  test('against the test API, with tokens expiring mid-run, no request URL ever carries a token', async () => {
    const session = { ...(await login(605)) }
    const entry = mountAlarms({
      baseURL: `${server.url}/api`,
      getToken: () => session.accessToken,
      refreshToken: async () => {
        Object.assign(session, await api.refresh(session.refreshToken))
        issuedTokens.add(session.accessToken).add(session.refreshToken)
      },
      stream: { retry: RETRY },
    })
    mounted.push(entry)
    const { store } = entry
    await until(() => store.status === 'open' && !store.loading, 'open')
    await api.publishMany(605, { content: 'one of three', count: 3 })
    await until(() => store.items.length === 3, 'three alarms')
    await api.fault({ type: 'expireTokens' })
    await api.fault({ type: 'drop' })
    await store.markRead(store.items[0]!.id)
    await api.publish(605, { content: 'after expiry' })
    await until(() => store.items.length === 4 && store.status === 'open', 'the alarm after expiry')
    await store.remove(store.items[1]!.id)
    await store.loadMore()

    const { requestLog } = await api.stats()
    const mine = requestLog.filter((entry) => entry.userId === 605 || entry.status === 401)
    expect(mine.some((entry) => entry.status === 401)).toBe(true)
    expect(mine.some((entry) => entry.path.startsWith('/api/subscribe') && entry.lastEventId !== null)).toBe(true)
    expect(findLeaks(reachableText(requestLog), issuedTokens)).toEqual([])
    expect(findLeaks(reachableText([store.$state, store.error]), issuedTokens)).toEqual([])
    expect(findLeaks(consoleOutput.join('\n'), issuedTokens)).toEqual([])
  })
})
