import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One step of a scripted body: bytes to write, or a pause. */
export type ScriptStep = string | Uint8Array | { delayMs: number }

export interface ScriptedResponse {
  /** @default 200 */
  status?: number
  /** @default { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } */
  headers?: Record<string, string>
  /** Written in order; a string is written as UTF-8. */
  body?: ScriptStep[]
  /**
   * What happens after the body: `end` finishes the response, `hold` keeps it open until the client or
   * `close()` drops it, `destroy` cuts the socket without a final chunk.
   * @default 'end'
   */
  then?: 'end' | 'hold' | 'destroy'
}

export interface RecordedRequest {
  index: number
  method: string
  url: string
  headers: IncomingHttpHeaders
  /** Raw bytes of `Last-Event-ID` as they crossed the wire (Node decodes header values as Latin-1). */
  lastEventIdBytes: Buffer | undefined
  authorization: string | undefined
  /** `performance.now()` when the request arrived. */
  at: number
}

export interface ScriptedServer {
  url: string
  requests: RecordedRequest[]
  /** Responses currently open. */
  readonly openConnections: number
  /** Highest number of responses ever open at once. */
  readonly peakOpenConnections: number
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>
  /** Resolves once no response is open (rejects after `timeoutMs`). */
  waitForNoOpenConnections(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

type Script = ScriptedResponse[] | ((request: RecordedRequest) => ScriptedResponse)

/** Past the end of an array script the server holds an empty stream open, so the client makes no more requests. */
const HOLD_OPEN: ScriptedResponse = { then: 'hold' }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await sleep(5)
  }
}

/** A loopback HTTP server answering each request from a script, recording every request it gets. */
export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = []
  let openConnections = 0
  let peakOpenConnections = 0
  const pickResponse = (request: RecordedRequest) =>
    typeof script === 'function' ? script(request) : (script[request.index] ?? HOLD_OPEN)

  async function play(response: ScriptedResponse, res: ServerResponse): Promise<void> {
    res.writeHead(response.status ?? 200, response.headers ?? { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    res.flushHeaders()
    for (const step of response.body ?? []) {
      if (res.destroyed) return
      if (typeof step === 'object' && 'delayMs' in step) await sleep(step.delayMs)
      else res.write(step)
    }
    const then = response.then ?? 'end'
    if (then === 'end') res.end()
    else if (then === 'destroy') res.destroy()
  }

  const server = createServer((req, res) => {
    const lastEventIdAt = req.rawHeaders.findIndex((name, at) => at % 2 === 0 && name.toLowerCase() === 'last-event-id')
    const request: RecordedRequest = {
      index: requests.length,
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      lastEventIdBytes: lastEventIdAt === -1 ? undefined : Buffer.from(req.rawHeaders[lastEventIdAt + 1] ?? '', 'latin1'),
      authorization: req.headers.authorization,
      at: performance.now(),
    }
    requests.push(request)
    openConnections++
    peakOpenConnections = Math.max(peakOpenConnections, openConnections)
    res.on('close', () => openConnections--)
    play(pickResponse(request), res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/events`,
    requests,
    get openConnections() {
      return openConnections
    },
    get peakOpenConnections() {
      return peakOpenConnections
    },
    waitForRequests: (count, timeoutMs = 5000) => until(() => requests.length >= count, timeoutMs, `${count} requests`),
    waitForNoOpenConnections: (timeoutMs = 5000) => until(() => openConnections === 0, timeoutMs, 'no open connections'),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
