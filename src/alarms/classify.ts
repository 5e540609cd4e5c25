import type { Alarm } from './types'

/** Why an event did not become an alarm. */
export type IgnoredEventReason =
  /** Its event name is not one of `eventNames`. */
  | 'event-name'
  /** Empty or whitespace-only data. */
  | 'empty'
  /** The connection handshake (Spring's `EventStream Created.` dummy event). */
  | 'handshake'
  /** The data is not JSON. */
  | 'not-json'
  /** JSON that `parseAlarm` rejected (or `parseAlarm`/`isHandshake` threw). */
  | 'rejected'

export type ClassifiedEvent = { kind: 'alarm'; alarm: Alarm } | { kind: 'ignored'; reason: IgnoredEventReason }

export interface ClassifyEventOptions {
  /** Event names that carry alarms; `message` is the name of an unnamed event. */
  eventNames: readonly string[]
  isHandshake: (data: string) => boolean
  parseAlarm: (raw: unknown) => Alarm | null
}

/**
 * Decides what one server-sent event is. Never throws: a throwing callback inside an SSE message
 * handler would make the transport reconnect (see the field notes on fetch-event-source), so user
 * callbacks are guarded here too.
 */
export function classifyEvent(event: { type: string; data: string }, options: ClassifyEventOptions): ClassifiedEvent {
  if (!options.eventNames.includes(event.type)) return { kind: 'ignored', reason: 'event-name' }
  if (event.data.trim() === '') return { kind: 'ignored', reason: 'empty' }
  try {
    if (options.isHandshake(event.data)) return { kind: 'ignored', reason: 'handshake' }
  } catch {
    return { kind: 'ignored', reason: 'rejected' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(event.data)
  } catch {
    return { kind: 'ignored', reason: 'not-json' }
  }
  let alarm: Alarm | null
  try {
    alarm = options.parseAlarm(raw)
  } catch {
    return { kind: 'ignored', reason: 'rejected' }
  }
  return alarm ? { kind: 'alarm', alarm } : { kind: 'ignored', reason: 'rejected' }
}
