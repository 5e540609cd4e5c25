import type { ServerResponse } from 'node:http'
import type { IdFormat, RetryValue, SplitMode } from './faults'
import { sleep } from './http'

/** One Server-Sent Events block, written Spring-style: `field:value` with no space after the colon. */
export interface SseEvent {
  id?: string
  event?: string
  data?: string
  retry?: string
  comment?: string
}

/** Formats one event; multi-line data becomes several `data:` lines, as Spring 6 writes it. */
export function formatEvent(event: SseEvent, eol = '\n'): string {
  let out = ''
  if (event.comment !== undefined) out += `:${event.comment}${eol}`
  if (event.id !== undefined) out += `id:${event.id}${eol}`
  if (event.event !== undefined) out += `event:${event.event}${eol}`
  if (event.retry !== undefined) out += `retry:${event.retry}${eol}`
  if (event.data !== undefined) {
    for (const line of event.data.split('\n')) out += `data:${line}${eol}`
  }
  return out + eol
}

/** Spring's emitter/event id: `{userId}_{millis}`. */
export function springId(userId: number, millis: number): string {
  return `${userId}_${millis}`
}

/** Rewrites a Spring id into one of the odd formats real backends (or proxies) produce. */
export function formatId(format: IdFormat, springEventId: string): string {
  switch (format) {
    case 'spring':
      return springEventId
    case 'nul':
      return springEventId.replace('_', '\0')
    case 'korean':
      return `알림_${springEventId}`
    case 'emoji':
      return `🔔_${springEventId}`
  }
}

export function retryLine(value: RetryValue): string {
  return value === 'junk' ? 'soon' : value
}

/** Junk a sloppy backend or proxy may interleave; every block must be ignored by a careful client. */
export function junkBlocks(eol: string, idOnly: string): string[] {
  return [
    formatEvent({ event: 'sse', data: '{"id":oops, not json' }, eol),
    formatEvent({ event: 'mystery', data: '{"id":999999,"content":"unknown event name"}' }, eol),
    formatEvent({ event: 'sse', data: '' }, eol),
    `:just a comment${eol}${eol}`,
    formatEvent({ event: 'ping' }, eol),
    `event: ping${eol}data: ${eol}${eol}`,
    formatEvent({ retry: '3000' }, eol),
    // An id the server really issued, so a client that tracks id-only blocks still resumes exactly.
    formatEvent({ id: idOnly }, eol),
  ]
}

/** Byte offsets to split at: inside every CRLF and every UTF-8 sequence, plus (random mode) arbitrary ones. */
export function splitPoints(bytes: Buffer, mode: SplitMode, random: () => number = Math.random): number[] {
  const points: number[] = []
  for (let i = 1; i < bytes.length; i++) {
    if (mode === 'byte') {
      points.push(i)
      continue
    }
    const byte = bytes[i]!
    const insideCrlf = bytes[i - 1] === 0x0d && byte === 0x0a
    const insideUtf8 = (byte & 0xc0) === 0x80
    if (insideCrlf || insideUtf8 || random() < 0.15) points.push(i)
  }
  return points
}

/** An event's lines, each with its line end, the last one being the blank line that ends the event. */
export function eventLines(text: string): string[] {
  return text.split(/(?<=\n)/)
}

export interface SseWriterOptions {
  split?: SplitMode
  /** Pause between split pieces so they reach the client as separate reads. @default 1 */
  pieceDelayMs?: number
  /** Pause between the lines of a slow write. @default 5 */
  linePauseMs?: number
}

export interface WriteOptions {
  /** Flush each line as its own write, pausing between them, as Spring 4/5 emitters do. @default false */
  slow?: boolean
}

/** Serializes writes on one response; supports split and slow writes, a mid-event cut and silence. */
export class SseWriter {
  private queue: Promise<void> = Promise.resolve()
  private readonly res: ServerResponse
  private readonly split?: SplitMode
  private readonly pieceDelayMs: number
  private readonly linePauseMs: number
  private silenced = false

  constructor(res: ServerResponse, options: SseWriterOptions = {}) {
    this.res = res
    this.split = options.split
    this.pieceDelayMs = options.pieceDelayMs ?? 1
    this.linePauseMs = options.linePauseMs ?? 5
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed
  }

  /** True after `silence()`: nothing written from then on reaches the client, not even the end. */
  get isSilenced(): boolean {
    return this.silenced
  }

  /** A proxy or NAT that stopped forwarding: the socket stays open, every later write and the end are lost. */
  silence(): void {
    this.silenced = true
  }

  /** Queues text; resolves once written (or skipped because the stream closed or went silent). */
  write(text: string, options: WriteOptions = {}): Promise<void> {
    if (!options.slow) return this.enqueue(() => this.writeNow(Buffer.from(text, 'utf8')))
    return this.enqueue(async () => {
      const lines = eventLines(text)
      for (const [index, line] of lines.entries()) {
        if (!this.delivering) return
        await this.writeNow(Buffer.from(line, 'utf8'))
        if (index < lines.length - 1) await sleep(this.linePauseMs)
      }
    })
  }

  /** Writes the first half of the bytes, then destroys the socket: a connection lost mid-event. */
  writeCut(text: string): Promise<void> {
    return this.enqueue(async () => {
      const bytes = Buffer.from(text, 'utf8')
      const half = bytes.subarray(0, Math.floor(bytes.length / 2))
      await new Promise<void>((resolve) => this.res.write(half, () => resolve()))
      this.res.socket?.destroy()
      this.res.destroy()
    })
  }

  /** Ends the stream after everything queued so far. */
  end(): Promise<void> {
    return this.enqueue(async () => {
      this.res.end()
    })
  }

  private get delivering(): boolean {
    return !this.closed && !this.silenced
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(() => (this.delivering ? task() : undefined)).catch(() => undefined)
    return this.queue
  }

  private async writeNow(bytes: Buffer): Promise<void> {
    if (!this.split) {
      this.res.write(bytes)
      return
    }
    let start = 0
    for (const point of [...splitPoints(bytes, this.split), bytes.length]) {
      if (!this.delivering) return
      this.res.write(bytes.subarray(start, point))
      start = point
      if (point < bytes.length) await sleep(this.pieceDelayMs)
    }
  }
}
