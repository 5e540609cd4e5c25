import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveStatic } from '../../server/static'

export interface Relay {
  url: string
  /** Token the relay adds for `/relay/subscribe?user=N` (native EventSource cannot send headers). */
  setToken(userId: number, token: string): void
  close(): Promise<void>
}

/**
 * One origin for every page of the latency bench: bench pages from `staticDir`, `/api/*` passed through to the
 * test API byte for byte, and `/relay/subscribe?user=N` = `/api/subscribe` with that user's token added.
 * Every variant pays the same extra loopback hop.
 */
export async function startRelay(upstreamUrl: string, staticDir: string): Promise<Relay> {
  const upstream = new URL(upstreamUrl)
  const tokens = new Map<number, string>()
  const sockets = new Set<import('node:net').Socket>()

  function forward(req: IncomingMessage, res: ServerResponse, path: string, extraHeaders: Record<string, string>): void {
    const headers = { ...req.headers, ...extraHeaders, host: upstream.host }
    const upstreamRequest = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers)
        res.flushHeaders()
        upstreamResponse.pipe(res)
      },
    )
    upstreamRequest.on('socket', (socket) => socket.setNoDelay(true))
    upstreamRequest.on('error', () => res.destroy())
    res.on('close', () => upstreamRequest.destroy())
    req.pipe(upstreamRequest)
  }

  const server = createServer((req, res) => {
    res.socket?.setNoDelay(true)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/relay/subscribe') {
      const token = tokens.get(Number(url.searchParams.get('user')))
      if (!token) {
        res.writeHead(401).end()
        return
      }
      forward(req, res, '/api/subscribe', { authorization: `Bearer ${token}` })
      return
    }
    if (url.pathname.startsWith('/api/')) {
      forward(req, res, `${url.pathname}${url.search}`, {})
      return
    }
    void serveStatic(staticDir, req, res, url.pathname).then((served) => {
      if (!served) res.writeHead(404).end()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setToken: (userId, token) => void tokens.set(userId, token),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
