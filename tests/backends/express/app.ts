import express, { type NextFunction, type Request, type Response } from 'express'
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An Express notification backend written the plain way: `res.write` for the stream, an id on every event, replay
 * of what a reconnect missed from `Last-Event-ID`, a comment as heartbeat, 401 for a missing or expired token.
 */
interface Alarm {
  id: number
  type: string
  content: string
  url: string
  isRead: boolean
  createdAt: string
}

export interface ExpressBackend {
  url: string
  /** Last-Event-ID headers the stream was opened with ('' when none). */
  lastEventIds: string[]
  openStreams(): number
  publish(userId: number, content: string): Alarm
  login(userId: number): { accessToken: string; refreshToken: string }
  /** Access tokens expire now; refresh tokens stay valid. */
  expireTokens(): void
  /** Cuts every open stream, as a proxy timeout would. */
  dropStreams(): void
  close(): Promise<void>
}

export async function startExpressBackend(heartbeatMs = 15_000): Promise<ExpressBackend> {
  const alarms = new Map<number, Alarm[]>()
  const streams = new Map<Response, number>()
  const accessTokens = new Map<string, number>()
  const refreshTokens = new Map<string, number>()
  const lastEventIds: string[] = []
  let nextId = 1
  const of = (userId: number) => alarms.get(userId) ?? alarms.set(userId, []).get(userId)!
  const issue = (userId: number) => {
    const tokens = { accessToken: randomBytes(18).toString('base64url'), refreshToken: randomBytes(18).toString('base64url') }
    accessTokens.set(tokens.accessToken, userId)
    refreshTokens.set(tokens.refreshToken, userId)
    return tokens
  }
  const send = (res: Response, alarm: Alarm) => res.write(`id: ${alarm.id}\nevent: sse\ndata: ${JSON.stringify(alarm)}\n\n`)

  const app = express()
  app.use(express.json())

  app.post('/api/auth/refresh', (req, res) => {
    const userId = refreshTokens.get(String(req.body?.refreshToken))
    if (userId === undefined) return void res.status(401).json({ message: 'Unauthorized' })
    refreshTokens.delete(String(req.body.refreshToken))
    res.json(issue(userId))
  })

  // 401, never 403, for a missing or expired token: a 403 tells the client that refreshing will not help.
  const requireUser = (req: Request, res: Response, next: NextFunction) => {
    const [scheme, token] = req.get('authorization')?.split(' ') ?? []
    const userId = scheme === 'Bearer' && token ? accessTokens.get(token) : undefined
    if (userId === undefined) return void res.status(401).json({ message: 'Unauthorized' })
    res.locals.userId = userId
    next()
  }

  app.get('/api/subscribe', requireUser, (req, res) => {
    const userId = res.locals.userId as number
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
    res.flushHeaders()
    streams.set(res, userId)
    const lastEventId = req.get('last-event-id') ?? ''
    lastEventIds.push(lastEventId)
    // Ids are the alarm ids, increasing: everything after the last one seen is what the reconnect missed.
    if (/^\d+$/.test(lastEventId)) for (const alarm of of(userId)) if (alarm.id > Number(lastEventId)) send(res, alarm)
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs)
    req.on('close', () => {
      clearInterval(heartbeat)
      streams.delete(res)
    })
  })

  app.get('/api/alarms', requireUser, (req, res) => {
    const page = Number(req.query.page ?? 0)
    const size = Number(req.query.size ?? 20)
    const newestFirst = [...of(res.locals.userId as number)].reverse()
    res.json({ items: newestFirst.slice(page * size, (page + 1) * size), page, size, total: newestFirst.length })
  })

  app.get('/api/alarms/count', requireUser, (_req, res) => {
    res.json({ count: of(res.locals.userId as number).filter((alarm) => !alarm.isRead).length })
  })

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    lastEventIds,
    openStreams: () => streams.size,
    publish(userId, content) {
      const alarm: Alarm = { id: nextId++, type: 'COMMENT', content, url: '', isRead: false, createdAt: new Date().toISOString() }
      of(userId).push(alarm)
      for (const [res, streamUser] of streams) if (streamUser === userId) send(res, alarm)
      return alarm
    },
    login: issue,
    expireTokens: () => accessTokens.clear(),
    dropStreams() {
      for (const res of streams.keys()) res.destroy()
    },
    close() {
      for (const res of streams.keys()) res.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
