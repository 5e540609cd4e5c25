import { request, type IncomingHttpHeaders } from 'node:http'

export interface RawStream {
  status: number
  headers: IncomingHttpHeaders
  /** Body chunks as the client's socket delivered them (chunked encoding removed). */
  chunks: Buffer[]
  /** Everything received so far, decoded as UTF-8. */
  text(): string
  /** Resolves once the received text satisfies the predicate (or contains the string). */
  waitFor(until: string | ((text: string) => boolean), timeoutMs?: number): Promise<string>
  /** 'end' for a clean end of stream, 'error' when the connection broke. */
  finished: Promise<'end' | 'error'>
  close(): void
}

export interface RawRequestOptions {
  token?: string
  /** Sent as raw UTF-8 bytes, as a browser would send a non-ASCII id. */
  lastEventId?: string
  headers?: Record<string, string>
}

/** A bare HTTP client for `GET /api/subscribe`, recording exactly the bytes that arrive. */
export function openRaw(baseUrl: string, options: RawRequestOptions = {}, path = '/api/subscribe'): Promise<RawStream> {
  const headers: Record<string, string> = { Accept: 'text/event-stream', ...options.headers }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  // Node writes header strings as latin1; pre-encoding puts the id's UTF-8 bytes on the wire.
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = Buffer.from(options.lastEventId, 'utf8').toString('latin1')
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      const waiters = new Set<() => void>()
      const text = (): string => Buffer.concat(chunks).toString('utf8')
      const finished = new Promise<'end' | 'error'>((done) => {
        res.on('end', () => done('end'))
        res.on('error', () => done('error'))
        res.on('aborted', () => done('error'))
        res.on('close', () => done(res.complete ? 'end' : 'error'))
      })
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        for (const wake of waiters) wake()
      })
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        chunks,
        text,
        finished,
        waitFor(until, timeoutMs = 3_000) {
          const test = typeof until === 'string' ? (value: string) => value.includes(until) : until
          return new Promise((done, fail) => {
            const check = (): void => {
              if (test(text())) {
                waiters.delete(check)
                clearTimeout(timer)
                done(text())
              }
            }
            const timer = setTimeout(() => {
              waiters.delete(check)
              fail(new Error(`timed out waiting; received so far: ${JSON.stringify(text())}`))
            }, timeoutMs)
            waiters.add(check)
            void finished.then(() => setTimeout(check, 0))
            check()
          })
        },
        close() {
          req.destroy()
        },
      })
    })
    req.on('error', reject)
    req.end()
  })
}

export interface ParsedEvent {
  id?: string
  event?: string
  data?: string
  retry?: string
}

/** Minimal block parser for assertions (accepts LF and CRLF). */
export function parseBlocks(text: string): ParsedEvent[] {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event: ParsedEvent = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon === -1 ? line : line.slice(0, colon)
        const value = colon === -1 ? '' : line.slice(colon + 1)
        if (field === 'id' || field === 'event' || field === 'retry') event[field] = value
        if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`
      }
      return event
    })
}

/** Sends one request and returns status, headers and body text. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json'
  const body = typeof options.body === 'string' || options.body === undefined ? options.body : new Uint8Array(options.body)
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown }
}

/** Opens raw streams and remembers them, so a test file can close whatever it opened. */
export function createStreamTracker(baseUrl: () => string) {
  const open: RawStream[] = []
  return {
    async subscribe(token: string, lastEventId?: string): Promise<RawStream> {
      const stream = await openRaw(baseUrl(), { token, lastEventId })
      open.push(stream)
      return stream
    },
    closeAll(): void {
      for (const stream of open.splice(0)) stream.close()
    },
  }
}
