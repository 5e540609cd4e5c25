import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTokenService } from './auth'
import { applyCors } from './cors'
import { describeCredentials, parseAuthMode, sentXsrfHeader, type AuthOption } from './credentials'
import { openAlarmDb, randomSecret } from './db'
import { createFaults } from './faults'
import { HttpError, sendError } from './http'
import { matchRoute, type AppState, type RequestContext, type Route } from './router'
import { alarmRoutes } from './routes/alarms'
import { preferenceRoutes } from './routes/preferences'
import { authRoutes, guardCsrf } from './routes/auth'
import { readLastEventId, subscribeRoutes } from './routes/subscribe'
import { authCheckRoutes, forwardToNchan } from './publish-to'
import { testRoutes } from './routes/test'
import { createSessionStore } from './sessions'
import type { ApiShape } from './shapes'
import { serveStatic } from './static'
import { createStats } from './stats'
import { createEventClock, createStreamHub } from './streams'

export interface TestServerOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number
  /** Interface to bind; the test API is meant for loopback only. @default '127.0.0.1' */
  host?: string
  /** SQLite file path, or ':memory:'. @default ':memory:' */
  db?: string
  /** Mount `/api/test/*` (publish, stats, faults). @default false */
  testRoutes?: boolean
  /** Access token lifetime in milliseconds. @default 900000 (15 min) */
  tokenTtlMs?: number
  /** SseEmitter timeout: each stream ends normally after this long. @default 3600000 (60 min) */
  emitterTimeoutMs?: number
  /** Interval of `:heartbeat` comments; 0 turns them off, as in Spring. @default 0 */
  heartbeatMs?: number
  /** Directory of a built page served at `/` with an index.html fallback. @default undefined */
  staticDir?: string
  /**
   * Answer credentialed CORS (preflight included) for this exact origin, allowing Authorization, Last-Event-ID,
   * X-XSRF-TOKEN and the custom auth header. @default undefined
   */
  corsOrigin?: string
  /**
   * Where requests carry their credential: `bearer` (`Authorization: Bearer <token>`), `raw` (`Authorization: <token>`),
   * `header:<Name>` (the token in that header) or `cookie` (a `SESSION` cookie set by login). @default 'bearer'
   */
  auth?: AuthOption
  /** With cookie auth, refuse POST/PATCH/DELETE whose `X-XSRF-TOKEN` header does not match the `XSRF-TOKEN` cookie (403). @default false */
  csrf?: boolean
  /** List pages also carry `unread`: the user's unread count. @default false */
  listUnreadField?: boolean
  /**
   * The list and count shapes: `spring` (`{ items, total }` from page 0, `{ count }`), `nest` (`{ data, meta }` from
   * page 1, `{ unreadCount }`) or `drf` (`{ count, next, previous, results }` from page 1, cursor links). @default 'spring'
   */
  shape?: ApiShape
  /** nchan publisher base URL: every published alarm is also POSTed to `<publishTo>/<userId>`. @default undefined */
  publishTo?: string
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  /** Ends every open stream, stops listening and closes the database. */
  close(): Promise<void>
}

const DEFAULTS = {
  tokenTtlMs: 15 * 60 * 1000,
  emitterTimeoutMs: 60 * 60 * 1000,
  heartbeatMs: 0,
}

const CLOSE_GRACE_MS = 250
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])

function toHttpError(error: unknown): HttpError {
  return error instanceof HttpError ? error : new HttpError(500, 'internal error')
}

function routeKey(method: string, route: Route | undefined): string {
  return route ? `${route.method} ${route.path}` : `${method} (unmatched)`
}

/** Starts the test API: a Spring `SseEmitter` style notification backend over plain node:http. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  // 'localhost' may resolve to ::1 first; the advertised URL is 127.0.0.1, so bind that.
  const host = options.host === undefined || options.host === 'localhost' ? '127.0.0.1' : options.host
  // Test routes publish and break things without auth: never reachable from another machine.
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the test API only binds to loopback, not "${host}"`)
  const resolved = {
    tokenTtlMs: options.tokenTtlMs ?? DEFAULTS.tokenTtlMs,
    emitterTimeoutMs: options.emitterTimeoutMs ?? DEFAULTS.emitterTimeoutMs,
    heartbeatMs: options.heartbeatMs ?? DEFAULTS.heartbeatMs,
    auth: parseAuthMode(options.auth ?? 'bearer'),
    csrf: options.csrf ?? false,
    listUnreadField: options.listUnreadField ?? false,
    shape: options.shape ?? 'spring',
  }
  const db = openAlarmDb(options.db ?? ':memory:')
  // The secret lives in the database so tokens outlive a restart on the same file.
  const secret = db.meta('tokenSecret', randomSecret)
  const clock = createEventClock(db.lastIssuedMillis())
  const shutdown = new AbortController()
  const app: AppState = {
    options: resolved,
    db,
    tokens: createTokenService({ secret, accessTtlMs: resolved.tokenTtlMs }),
    sessions: createSessionStore(db, resolved.tokenTtlMs),
    faults: createFaults(),
    stats: createStats(),
    hub: forwardToNchan(createStreamHub(db, clock), options.publishTo),
    clock,
    closing: shutdown.signal,
  }
  const apiRoutes: Route[] = [...authRoutes(resolved.auth.kind === 'cookie'), ...authCheckRoutes, ...preferenceRoutes, ...alarmRoutes, ...subscribeRoutes]
  const mountedTestRoutes: Route[] = options.testRoutes ? testRoutes : []
  const routes = [...apiRoutes, ...mountedTestRoutes]
  const { corsOrigin, staticDir } = options

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const pathname = url.pathname

    if (corsOrigin && applyCors(res, method, corsOrigin, resolved.auth)) return

    if (!pathname.startsWith('/api/') && pathname !== '/api') {
      if (staticDir && (method === 'GET' || method === 'HEAD') && (await serveStatic(staticDir, req, res, pathname))) return
      throw new HttpError(404, 'not found')
    }

    const match = matchRoute(routes, method, pathname)
    const route = match.kind === 'found' ? match.route : undefined
    const counted = !route || !mountedTestRoutes.includes(route)
    const ctx: RequestContext = { req, res, url, params: match.kind === 'found' ? match.params : {}, app, userId: null }
    try {
      if (match.kind === 'none') throw new HttpError(404, 'no such route')
      if (match.kind === 'method') throw new HttpError(405, 'method not allowed', { Allow: match.allow.join(', ') })
      if (counted) guardCsrf(ctx, match.route)
      await match.route.handler(ctx)
    } catch (error) {
      sendError(res, toHttpError(error))
    } finally {
      if (counted) {
        app.stats.count(routeKey(method, route))
        app.stats.log({
          method,
          path: req.url ?? pathname,
          userId: ctx.userId,
          status: res.statusCode,
          auth: describeCredentials(req, resolved.auth),
          xsrf: sentXsrfHeader(req),
          lastEventId: readLastEventId(req),
          at: new Date().toISOString(),
        })
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, toHttpError(error)))
  })
  // Garbage on the socket gets a 400, never an exception.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  let closing: Promise<void> | undefined
  return {
    url: `http://${host === '::1' ? '[::1]' : '127.0.0.1'}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        shutdown.abort()
        app.hub.closeAll()
        server.close(() => {
          clearTimeout(force)
          db.close()
          resolve()
        })
        server.closeIdleConnections()
        // Ended streams get a moment to flush their last chunk; anything still open after that is cut.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
      })
      return closing
    },
  }
}
