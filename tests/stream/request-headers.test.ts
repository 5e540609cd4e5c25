import { describe, expect, it } from 'vitest'
import { AlarmsError } from '../../src/errors'
import { readRequestHeaders, type HeaderSources, type RequestHeaders } from '../../src/stream/request-headers'

function headersOf(result: RequestHeaders): Record<string, string> {
  if ('failure' in result) throw new Error(`expected headers, got ${result.failure.error?.message}`)
  return result.headers
}

function failureOf(result: RequestHeaders) {
  if (!('failure' in result)) throw new Error('expected a failure')
  return result.failure
}

describe('the headers of one connect', () => {
  it('sends the token as a bearer token by default', async () => {
    expect(headersOf(await readRequestHeaders({ getToken: () => 'jwt' }, ''))).toEqual({ Accept: 'text/event-stream', Authorization: 'Bearer jwt' })
  })

  it('sends the raw token or a custom header through authHeaders', async () => {
    const raw = await readRequestHeaders({ getToken: async () => 'raw-token', authHeaders: (token) => ({ Authorization: token }) }, '')
    expect(headersOf(raw).Authorization).toBe('raw-token')
    const custom = await readRequestHeaders({ getToken: () => 'abc', authHeaders: (token) => ({ 'X-Auth-Token': token }) }, '')
    expect(headersOf(custom)).toEqual({ Accept: 'text/event-stream', 'X-Auth-Token': 'abc' })
  })

  it('sends no auth header, and never calls authHeaders, without a token', async () => {
    for (const getToken of [undefined, () => null, () => '', async () => undefined]) {
      let calls = 0
      const sources: HeaderSources = { getToken, authHeaders: (token) => (calls++, { Authorization: token }) }
      expect(headersOf(await readRequestHeaders(sources, ''))).toEqual({ Accept: 'text/event-stream' })
      expect(calls).toBe(0)
    }
  })

  it('sends the last event id, and no Last-Event-ID without one', async () => {
    expect(headersOf(await readRequestHeaders({ getToken: () => 'abc' }, '7'))).toEqual({
      Accept: 'text/event-stream',
      Authorization: 'Bearer abc',
      'Last-Event-ID': '7',
    })
    expect(headersOf(await readRequestHeaders({}, ''))).toEqual({ Accept: 'text/event-stream' })
  })

  it('keeps extra headers but lets its own and the auth headers replace any case variant of theirs', async () => {
    const result = await readRequestHeaders(
      {
        getToken: () => 'new',
        headers: { 'X-Tab': '3', accept: '*/*', authorization: 'Basic old', 'x-auth-token': 'old' },
        authHeaders: (token) => ({ Authorization: `Bearer ${token}`, 'X-Auth-Token': token }),
      },
      '',
    )
    expect(headersOf(result)).toEqual({ 'X-Tab': '3', Accept: 'text/event-stream', Authorization: 'Bearer new', 'X-Auth-Token': 'new' })
  })

  it('never lets auth headers replace Accept or Last-Event-ID', async () => {
    const result = await readRequestHeaders({ getToken: () => 't', authHeaders: () => ({ accept: '*/*', 'last-event-id': 'x' }) }, '9')
    expect(headersOf(result)).toEqual({ Accept: 'text/event-stream', 'Last-Event-ID': '9' })
  })

  it("keeps the caller's own Authorization when there is no token", async () => {
    expect(headersOf(await readRequestHeaders({ headers: { Authorization: 'Basic x' } }, ''))).toMatchObject({ Authorization: 'Basic x' })
  })

  it('reads a headers function each time', async () => {
    let csrf = 0
    const sources: HeaderSources = { headers: () => ({ 'X-XSRF-TOKEN': `csrf-${++csrf}` }) }
    expect(headersOf(await readRequestHeaders(sources, ''))['X-XSRF-TOKEN']).toBe('csrf-1')
    expect(headersOf(await readRequestHeaders(sources, ''))['X-XSRF-TOKEN']).toBe('csrf-2')
  })

  it('lists the token and its headers as secrets, so a network error quoting them is withheld', async () => {
    const result = await readRequestHeaders({ getToken: () => 'jwt', authHeaders: (token) => ({ 'X-Auth-Token': `T ${token}` }) }, '')
    expect('secrets' in result && result.secrets).toEqual(['jwt', 'T jwt'])
  })

  it('refuses a token, an auth header or an extra header that cannot be sent, without quoting it', async () => {
    const cases: HeaderSources[] = [
      { getToken: () => 'secret\nvalue' },
      { getToken: () => 'fine', authHeaders: () => ({ 'X-Auth-Token': 'secret\0value' }) },
      { headers: { 'X-CSRF': 'secret\r\nvalue' } },
      { headers: () => ({ 'X-CSRF': '비밀 secret' }) },
    ]
    for (const sources of cases) {
      const failure = failureOf(await readRequestHeaders(sources, ''))
      expect(failure.reason).toBe('token-error')
      expect(failure.error).toBeInstanceOf(AlarmsError)
      expect(failure.error?.code).toBe('token')
      expect(`${failure.error?.message} ${failure.error?.stack}`).not.toContain('secret')
    }
  })

  it('reports a throwing getToken, authHeaders or headers as a token error with its cause', async () => {
    const boom = new Error('storage unavailable')
    const cases: HeaderSources[] = [
      { getToken: () => Promise.reject(boom) },
      { getToken: () => 't', authHeaders: () => { throw boom } },
      { headers: () => { throw boom } },
    ]
    for (const sources of cases) {
      const failure = failureOf(await readRequestHeaders(sources, ''))
      expect(failure.error?.code).toBe('token')
      expect(failure.error?.cause).toBe(boom)
    }
  })

  it('refuses headers that are not a plain object', async () => {
    const failure = failureOf(await readRequestHeaders({ getToken: () => 't', authHeaders: () => null as unknown as Record<string, string> }, ''))
    expect(failure.error?.code).toBe('token')
  })
})
