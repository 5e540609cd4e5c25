import type { IncomingMessage, ServerResponse } from 'node:http'

/** An error that becomes a JSON response `{error:{status,message}}`. */
export class HttpError extends Error {
  readonly status: number
  readonly headers: Record<string, string>

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.headers = headers
  }
}

/** Largest request body accepted; larger bodies get 413. */
export const MAX_BODY_BYTES = 64 * 1024

export function errorBody(status: number, message: string): { error: { status: number; message: string } } {
  return { error: { status, message } }
}

/** Response headers; a list sends the header once per value (`Set-Cookie`). */
export type ResponseHeaders = Record<string, string | string[]>

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: ResponseHeaders = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

export function sendEmpty(res: ServerResponse, status = 204, headers: ResponseHeaders = {}): void {
  res.writeHead(status, headers)
  res.end()
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  sendJson(res, error.status, errorBody(error.status, error.message), error.headers)
}

/** Reads the whole body, refusing more than MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) {
    req.resume()
    return Promise.reject(new HttpError(413, 'request body too large', { Connection: 'close' }))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        // Keep draining so the socket can still carry the 413 answer.
        tooLarge = true
        reject(new HttpError(413, 'request body too large', { Connection: 'close' }))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
  })
}

/** Reads a JSON object body; malformed JSON or a non-object is 400. An empty body reads as `{}`. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString('utf8')
  if (raw.trim() === '') return {}
  // Only JSON: a cross-site form or `text/plain` post (no preflight) from any page on this machine is refused.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'the body must be sent as application/json')
  }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new HttpError(400, 'malformed JSON body')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'JSON body must be an object')
  }
  return value as Record<string, unknown>
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

export function requireString(body: Record<string, unknown>, key: string, fallback?: string): string {
  const value = body[key] ?? fallback
  if (typeof value !== 'string') throw new HttpError(400, `"${key}" must be a string`)
  return value
}

export function requirePositiveInteger(body: Record<string, unknown>, key: string): number {
  const value = body[key]
  if (!isPositiveInteger(value)) throw new HttpError(400, `"${key}" must be a positive integer`)
  return value
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
