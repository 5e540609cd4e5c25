import type { AlarmRecord, AuthOption, Fault, RequestLogEntry } from '../../server/index'

export interface TokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

export interface PublishInput {
  content: string
  type?: string
  url?: string
  /** Publishes this many alarms, content suffixed ` #i`. @default 1 */
  count?: number
  /** With count: one alarm inserted and sent every intervalMs; the call resolves when all are published. @default 0 */
  intervalMs?: number
  /** Each event's lines written separately with a short pause between them, as Spring 4/5 flush them. @default false */
  slow?: boolean
}

/** Where the test API reads the credential (its `--auth` flag). */
export type AuthShape = AuthOption

/** What a client needs to send authenticated requests in one auth mode. */
export interface SignedIn {
  userId: number
  auth: AuthShape
  /** Headers that authenticate a request: `Authorization`, the custom header, or `Cookie`. */
  headers: Record<string, string>
  /** Token modes only. */
  accessToken?: string
  refreshToken?: string
  /** Cookie mode only: the `Cookie` header value, `SESSION=…; XSRF-TOKEN=…`. */
  cookie?: string
  /** Cookie mode only: the `XSRF-TOKEN` cookie, to echo as `X-XSRF-TOKEN` on POST, PATCH and DELETE. */
  xsrfToken?: string
}

/** The headers that carry an access token in a token mode. */
export function tokenHeaders(auth: Exclude<AuthShape, 'cookie'>, token: string): Record<string, string> {
  if (auth === 'bearer') return { Authorization: `Bearer ${token}` }
  if (auth === 'raw') return { Authorization: token }
  return { [auth.slice('header:'.length)]: token }
}

/** `name=value` pairs of Set-Cookie headers (attributes dropped). */
export function cookiePairs(setCookies: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>()
  for (const header of setCookies) {
    const pair = header.split(';')[0]!
    const equals = pair.indexOf('=')
    if (equals > 0) pairs.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim())
  }
  return pairs
}

export interface ListQuery {
  /** @default 0 */
  page?: number
  /** @default 20 */
  size?: number
  /** Only unread alarms; `total` counts only those. @default false */
  unread?: boolean
}

export interface TestApiStats {
  openStreams: Record<string, number>
  totalOpenStreams: number
  requests: Record<string, number>
  /** Open sockets that receive nothing since a `blackhole` fault. */
  blackholedStreams: number
  requestLog: RequestLogEntry[]
}

export interface AlarmPageResponse {
  items: AlarmRecord[]
  page: number
  size: number
  total: number
  /** The user's unread count, with `--list-unread-field`. */
  unread?: number
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`)
  return response
}

/**
 * Plain-fetch client for the test API (auth, test routes and the REST list). `baseUrl` may be a function, read at
 * each request: a suite creates its client before the server it talks to has started (see testApiPerSuite).
 */
export function createTestApiClient(baseUrl: string | (() => string)) {
  const base = () => (typeof baseUrl === 'string' ? baseUrl : baseUrl()).replace(/\/$/, '')

  async function postJson<T>(path: string, body: unknown, what: string): Promise<T> {
    const response = await fetch(`${base()}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await (await expectOk(response, what)).json()) as T
  }

  function authorized(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}` }
  }

  /** A request as a signed-in client sends it: its credential, and the XSRF echo on unsafe cookie requests. */
  function send(who: SignedIn, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { ...who.headers }
    if (who.xsrfToken !== undefined && method !== 'GET') headers['X-XSRF-TOKEN'] = who.xsrfToken
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    return fetch(`${base()}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  }

  return {
    get baseUrl() {
      return base()
    },
    login(userId: number): Promise<TokenPair> {
      return postJson('/api/auth/login', { userId }, 'login')
    },
    refresh(refreshToken: string): Promise<TokenPair> {
      return postJson('/api/auth/refresh', { refreshToken }, 'refresh')
    },
    /** One alarm when count is 1 (the default), else `{items}`. */
    async publish(userId: number, input: PublishInput): Promise<AlarmRecord & { items?: AlarmRecord[] }> {
      return postJson('/api/test/publish', { userId, ...input }, 'publish')
    },
    /** Publishes `count` alarms and returns them as a list. */
    async publishMany(userId: number, input: PublishInput & { count: number }): Promise<AlarmRecord[]> {
      const result = await postJson<AlarmRecord | { items: AlarmRecord[] }>('/api/test/publish', { userId, ...input }, 'publish')
      return 'items' in result ? result.items : [result]
    },
    async stats(): Promise<TestApiStats> {
      return (await (await expectOk(await fetch(`${base()}/api/test/stats`), 'stats')).json()) as TestApiStats
    },
    async resetStats(): Promise<void> {
      await expectOk(await fetch(`${base()}/api/test/stats`, { method: 'DELETE' }), 'reset stats')
    },
    /** Posts one fault switch (or several) and returns the active list. */
    fault(fault: Fault | Fault[]): Promise<{ active: unknown[] }> {
      return postJson('/api/test/faults', Array.isArray(fault) ? { faults: fault } : fault, 'fault')
    },
    resetFaults(): Promise<{ active: unknown[] }> {
      return postJson('/api/test/faults', { type: 'reset' }, 'reset faults')
    },
    async listAlarms(token: string, page = 0, size = 20): Promise<AlarmPageResponse> {
      const response = await fetch(`${base()}/api/alarms?page=${page}&size=${size}`, { headers: authorized(token) })
      return (await (await expectOk(response, 'list alarms')).json()) as AlarmPageResponse
    },
    async count(token: string): Promise<number> {
      const response = await fetch(`${base()}/api/alarms/count`, { headers: authorized(token) })
      return ((await (await expectOk(response, 'count')).json()) as { count: number }).count
    },
    /** Logs in on a server started with `--auth <auth>` and returns what a client needs to authenticate. */
    async signIn(userId: number, auth: AuthShape = 'bearer'): Promise<SignedIn> {
      const response = await expectOk(
        await fetch(`${base()}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }) }),
        'login',
      )
      if (auth !== 'cookie') {
        const pair = (await response.json()) as TokenPair
        return { userId, auth, headers: tokenHeaders(auth, pair.accessToken), accessToken: pair.accessToken, refreshToken: pair.refreshToken }
      }
      const cookies = cookiePairs(response.headers.getSetCookie())
      const session = cookies.get('SESSION')
      const xsrfToken = cookies.get('XSRF-TOKEN')
      if (!session || !xsrfToken) throw new Error('login set no SESSION and XSRF-TOKEN cookies: is the server in cookie mode?')
      const cookie = `SESSION=${session}; XSRF-TOKEN=${xsrfToken}`
      return { userId, auth, headers: { Cookie: cookie }, cookie, xsrfToken }
    },
    /** Sends one request with the signed-in client's credential (and `X-XSRF-TOKEN` on unsafe cookie requests). */
    request(who: SignedIn, method: string, path: string, body?: unknown): Promise<Response> {
      return send(who, method, path, body)
    },
    /** `POST /api/auth/logout`; returns the status and the Set-Cookie headers it answered with. */
    async logout(who: SignedIn): Promise<{ status: number; setCookies: string[] }> {
      const response = await send(who, 'POST', '/api/auth/logout')
      return { status: response.status, setCookies: response.headers.getSetCookie() }
    },
    async listAlarmsAs(who: SignedIn, query: ListQuery = {}): Promise<AlarmPageResponse> {
      const params = new URLSearchParams({ page: String(query.page ?? 0), size: String(query.size ?? 20) })
      if (query.unread) params.set('unread', 'true')
      return (await (await expectOk(await send(who, 'GET', `/api/alarms?${params}`), 'list alarms')).json()) as AlarmPageResponse
    },
    async countAs(who: SignedIn): Promise<number> {
      return ((await (await expectOk(await send(who, 'GET', '/api/alarms/count'), 'count')).json()) as { count: number }).count
    },
    async markUnread(who: SignedIn, alarmId: number): Promise<void> {
      await expectOk(await send(who, 'PATCH', `/api/alarms/${alarmId}/unread`), 'mark unread')
    },
    /** Every open stream goes silent (events and heartbeats) while its socket stays open. */
    blackhole(): Promise<{ active: unknown[] }> {
      return postJson('/api/test/faults', { type: 'blackhole' }, 'blackhole')
    },
  }
}

export type TestApiClient = ReturnType<typeof createTestApiClient>
