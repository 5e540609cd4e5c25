import type { ServerResponse } from 'node:http'
import type { AlarmDb, StoredAlarm } from './db'
import type { SubscribePlan } from './faults'
import { formatEvent, formatId, springId, SseWriter } from './sse'

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

  /** Issues an event id for this stream (in its id format) and records the position it marks. */
  function issueId(stream: Pick<OpenStream, 'userId' | 'plan'>, position: number, spring?: string): string {
    const base = spring ?? springId(stream.userId, clock.nextMillis())
    const id = formatId(stream.plan.idFormat, base)
    db.recordEventId(base, stream.userId, position)
    if (id !== base) db.recordEventId(id, stream.userId, position)
    return id
  }

  function writeAlarm(stream: OpenStream, stored: StoredAlarm): void {
    const id = issueId(stream, stored.alarm.id, stored.eventId)
    const text = formatEvent({ id, event: 'sse', data: JSON.stringify(stored.alarm) }, stream.eol)
    if (stream.cutPending) {
      stream.cutPending = false
      void stream.writer.writeCut(text)
      return
    }
    void stream.writer.write(text)
    if (stream.plan.resend) void stream.writer.write(text)
  }

  return {
    issueId,
    writeAlarm,
    add(stream: OpenStream): void {
      streams.add(stream)
    },
    remove(stream: OpenStream): void {
      streams.delete(stream)
    },
    /** Pushes a freshly published alarm to every open stream of its user. */
    publish(stored: StoredAlarm): void {
      for (const stream of streams) {
        if (stream.userId === stored.userId) writeAlarm(stream, stored)
      }
    },
    openStreams(): Record<string, number> {
      const byUser: Record<string, number> = {}
      for (const stream of streams) byUser[stream.userId] = (byUser[stream.userId] ?? 0) + 1
      return byUser
    },
    get size(): number {
      return streams.size
    },
    /** Ends every stream after what is already queued on it (the `drop` fault). */
    dropAll(): void {
      for (const stream of [...streams]) {
        streams.delete(stream)
        void stream.writer.end()
      }
    },
    /** Ends every stream right now (shutdown). */
    closeAll(): void {
      for (const stream of [...streams]) {
        streams.delete(stream)
        stream.res.end()
      }
    },
  }
}

export type StreamHub = ReturnType<typeof createStreamHub>
