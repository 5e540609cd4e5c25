import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback server that writes N Spring-style alarm events as fast as the socket takes them.
 * It runs in a process of its own (forked by the throughput bench) so that writing never competes
 * with the client's event loop being measured.
 */

const CHUNK_BYTES = 64 * 1024

/** ~200 bytes of alarm JSON per event, as a Spring backend writes it (`id:` / `event:sse` / `data:`). */
export function buildEventStream(count: number): Buffer {
  const parts: string[] = []
  for (let index = 1; index <= count; index++) {
    const alarm = {
      id: index,
      type: 'COMMENT',
      content: `Jiwoo left a comment on your post "Weekly report ${index % 97}": looks good to me`,
      url: `/posts/${index % 1000}`,
      isRead: false,
      createdAt: '2026-11-25T09:41:12.123',
    }
    parts.push(`id:1_${1_700_000_000_000 + index}\nevent:sse\ndata:${JSON.stringify(alarm)}\n\n`)
  }
  return Buffer.from(parts.join(''), 'utf8')
}

const cache = new Map<number, Buffer>()

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const count = Number(url.searchParams.get('n') ?? '1000')
  let bytes = cache.get(count)
  if (!bytes) {
    bytes = buildEventStream(count)
    cache.set(count, bytes)
  }
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' })
  let offset = 0
  const body = bytes
  const pump = () => {
    while (offset < body.length) {
      const chunk = body.subarray(offset, offset + CHUNK_BYTES)
      offset += chunk.length
      if (!response.write(chunk)) {
        response.once('drain', pump)
        return
      }
    }
    response.end()
  }
  pump()
})

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.send?.({ port })
})

process.on('message', (message) => {
  if (message === 'prepare') return
  if (typeof message === 'object' && message && 'prepare' in message) {
    const count = Number((message as { prepare: number }).prepare)
    cache.set(count, buildEventStream(count))
    process.send?.({ prepared: count, bytes: cache.get(count)!.length })
  }
})
process.on('disconnect', () => server.close(() => process.exit(0)))
