import type { ServerResponse } from 'node:http'
import type { AlarmDb, StoredAlarm } from './db'
import type { SubscribePlan } from './faults'
import { formatEvent, formatId, springId, SseWriter, type WriteOptions } from './sse'

/** One open `GET /api/subscribe` response. */
export interface OpenStream {
  userId: number
  plan: SubscribePlan
  writer: SseWriter
  /** Line end: CRLF on split streams so splits can fall inside it. */
  eol: string
  /** The `cut` fault: the next alarm is written half, then the socket is destroyed. */
  cutPending: boolean
  res: ServerResponse
}

/** Hands out `{userId}_{millis}` ids whose millis strictly increase, so every id is unique. */
export function createEventClock(start: number) {
  let last = start
  return {
    nextMillis(): number {
      last = Math.max(Date.now(), last + 1)
      return last
    },
  }
}

export type EventClock = ReturnType<typeof createEventClock>

/** The emitter map of a Spring backend: open streams per user, and how alarms are written to them. */
export function createStreamHub(db: AlarmDb, clock: EventClock) {
  const streams = new Set<OpenStream>()
  // Blackholed streams whose socket is still open, including those the server already ended (their end was lost).
  const blackholed = new Set<OpenStream>()

  /** Issues an event id for this stream (in its id format) and records the position it marks. */
  function issueId(stream: Pick<OpenStream, 'userId' | 'plan'>, position: number, spring?: string): string {
    const base = spring ?? springId(stream.userId, clock.nextMillis())
    const id = formatId(stream.plan.idFormat, base)
    db.recordEventId(base, stream.userId, position)
    if (id !== base) db.recordEventId(id, stream.userId, position)
    return id
  }

  /** Writes one alarm event; resolves once its bytes are written (or skipped). */
  function writeAlarm(stream: OpenStream, stored: StoredAlarm, options: WriteOptions = {}): Promise<void> {
    const id = issueId(stream, stored.alarm.id, stored.eventId)
    const text = formatEvent({ id, event: 'sse', data: JSON.stringify(stored.alarm) }, stream.eol)
    if (stream.cutPending) {
      stream.cutPending = false
      return stream.writer.writeCut(text)
    }
    const written = stream.writer.write(text, options)
    return stream.plan.resend ? stream.writer.write(text, options) : written
  }

  return {
    issueId,
    writeAlarm,
    add(stream: OpenStream): void {
      streams.add(stream)
    },
    /** The stream's socket closed: forget it. */
    remove(stream: OpenStream): void {
      streams.delete(stream)
      blackholed.delete(stream)
    },
    /** The server ends the stream (emitter timeout): after what is queued, unless it is blackholed. */
    complete(stream: OpenStream): void {
      streams.delete(stream)
      void stream.writer.end()
    },
    /** Pushes a freshly published alarm to every open stream of its user; resolves once written. */
    async publish(stored: StoredAlarm, options: WriteOptions = {}): Promise<void> {
      const writes: Array<Promise<void>> = []
      for (const stream of streams) {
        if (stream.userId === stored.userId) writes.push(writeAlarm(stream, stored, options))
      }
      await Promise.all(writes)
    },
    openStreams(): Record<string, number> {
      const byUser: Record<string, number> = {}
      for (const stream of streams) byUser[stream.userId] = (byUser[stream.userId] ?? 0) + 1
      return byUser
    },
    get size(): number {
      return streams.size
    },
    /** Open sockets that receive nothing since a `blackhole` fault. */
    get blackholedSize(): number {
      return blackholed.size
    },
    /** Ends every stream after what is already queued on it (the `drop` fault). */
    dropAll(): void {
      for (const stream of [...streams]) {
        streams.delete(stream)
        void stream.writer.end()
      }
    },
    /**
     * The `blackhole` fault: every open stream stops receiving anything, heartbeats included, while its socket
     * stays open. The server still counts them as open, as Spring's emitter map would; streams opened later are
     * not affected.
     */
    blackholeAll(): void {
      for (const stream of streams) {
        stream.writer.silence()
        blackholed.add(stream)
      }
    },
    /** Ends every stream right now (shutdown); blackholed sockets are destroyed, as nothing can end them cleanly. */
    closeAll(): void {
      for (const stream of [...streams, ...blackholed]) {
        streams.delete(stream)
        blackholed.delete(stream)
        if (stream.writer.isSilenced) stream.res.destroy()
        else stream.res.end()
      }
    },
  }
}

export type StreamHub = ReturnType<typeof createStreamHub>
