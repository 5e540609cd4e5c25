import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TokenService } from './auth'
import type { AuthMode } from './credentials'
import type { AlarmDb } from './db'
import type { Faults } from './faults'
import type { ApiShape } from './shapes'
import type { SessionStore } from './sessions'
import type { Stats } from './stats'
import type { EventClock, StreamHub } from './streams'

/** Options after defaults are applied. */
export interface ResolvedOptions {
  tokenTtlMs: number
  emitterTimeoutMs: number
  heartbeatMs: number
  auth: AuthMode
  csrf: boolean
  listUnreadField: boolean
  shape: ApiShape
}

/** Everything a handler may use; one per server. */
export interface AppState {
  options: ResolvedOptions
  db: AlarmDb
  tokens: TokenService
  sessions: SessionStore
  faults: Faults
  stats: Stats
  hub: StreamHub
  clock: EventClock
  /** Aborted when the server closes, so long-running handlers (timed publishes) stop. */
  closing: AbortSignal
}

export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  params: Record<string, string>
  app: AppState
  /** Set once the credential is verified; logged in the request log. */
  userId: number | null
}

export type Handler = (ctx: RequestContext) => void | Promise<void>

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path pattern; `:name` segments become params. */
  path: string
  handler: Handler
}

/** One handler per method and path, h3 style. */
export function defineRoute(method: Route['method'], path: string, handler: Handler): Route {
  return { method, path, handler }
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const expected = pattern.split('/')
  const actual = pathname.split('/')
  if (expected.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!
    const got = actual[i]!
    if (want.startsWith(':')) {
      if (got === '') return undefined
      params[want.slice(1)] = decodeURIComponent(got)
    } else if (want !== got) {
      return undefined
    }
  }
  return params
}

function staticSegments(pattern: string): number {
  return pattern.split('/').filter((segment) => !segment.startsWith(':')).length
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' }

/** Finds the route for a request; a known path with another method yields the Allow list (405). */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const candidates: Array<{ route: Route; params: Record<string, string> }> = []
  for (const route of routes) {
    let params: Record<string, string> | undefined
    try {
      params = matchPath(route.path, pathname)
    } catch {
      params = undefined // malformed percent-encoding: treat as no match
    }
    if (params) candidates.push({ route, params })
  }
  if (candidates.length === 0) return { kind: 'none' }
  const wanted = method === 'HEAD' ? 'GET' : method
  const sameMethod = candidates
    .filter((candidate) => candidate.route.method === wanted)
    .sort((a, b) => staticSegments(b.route.path) - staticSegments(a.route.path))
  const best = sameMethod[0]
  if (best) return { kind: 'found', route: best.route, params: best.params }
  return { kind: 'method', allow: [...new Set(candidates.map((candidate) => candidate.route.method))] }
}
