import type { AlarmRecord, Fault, RequestLogEntry } from '../../server/index'

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
}

export interface TestApiStats {
  openStreams: Record<string, number>
  totalOpenStreams: number
  requests: Record<string, number>
  requestLog: RequestLogEntry[]
}

export interface AlarmPageResponse {
  items: AlarmRecord[]
  page: number
  size: number
  total: number
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`)
  return response
}

/** Plain-fetch client for the test API (auth, test routes and the REST list). */
export function createTestApiClient(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '')

  async function postJson<T>(path: string, body: unknown, what: string): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await (await expectOk(response, what)).json()) as T
  }

  function authorized(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}` }
  }

  return {
    baseUrl: base,
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
      return (await (await expectOk(await fetch(`${base}/api/test/stats`), 'stats')).json()) as TestApiStats
    },
    async resetStats(): Promise<void> {
      await expectOk(await fetch(`${base}/api/test/stats`, { method: 'DELETE' }), 'reset stats')
    },
    /** Posts one fault switch (or several) and returns the active list. */
    fault(fault: Fault | Fault[]): Promise<{ active: unknown[] }> {
      return postJson('/api/test/faults', Array.isArray(fault) ? { faults: fault } : fault, 'fault')
    },
    resetFaults(): Promise<{ active: unknown[] }> {
      return postJson('/api/test/faults', { type: 'reset' }, 'reset faults')
    },
    async listAlarms(token: string, page = 0, size = 20): Promise<AlarmPageResponse> {
      const response = await fetch(`${base}/api/alarms?page=${page}&size=${size}`, { headers: authorized(token) })
      return (await (await expectOk(response, 'list alarms')).json()) as AlarmPageResponse
    },
    async count(token: string): Promise<number> {
      const response = await fetch(`${base}/api/alarms/count`, { headers: authorized(token) })
      return ((await (await expectOk(response, 'count')).json()) as { count: number }).count
    },
  }
}

export type TestApiClient = ReturnType<typeof createTestApiClient>
