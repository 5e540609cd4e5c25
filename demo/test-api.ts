import { API_BASE } from './api-base'

/** Calls to the test API's `/api/test/*` routes (no auth; only mounted with `--test-routes`). */

export interface PublishInput {
  userId: number
  type?: string
  content: string
  url?: string
  count?: number
}

export type FaultSwitch = { type: string } & Record<string, unknown>

export interface TestStats {
  openStreams: Record<string, number>
  totalOpenStreams: number
  requests: Record<string, number>
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`)
  return (response.status === 204 ? undefined : await response.json()) as T
}

export const testApi = {
  publish: (input: PublishInput) => call<unknown>('POST', `${API_BASE}/test/publish`, input),
  fault: (fault: FaultSwitch) => call<{ active: unknown[] }>('POST', `${API_BASE}/test/faults`, fault),
  stats: () => call<TestStats>('GET', `${API_BASE}/test/stats`),
}
