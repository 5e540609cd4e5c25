// The line framing of @microsoft/fetch-event-source (`getLines`) is pure and correct across chunk boundaries
// (split CRLF, split UTF-8, long lines), so it is reused; its `fetchEventSource()` is not (see open-alarm-stream.ts).
// Its `getMessages` is not used either: it drops a leading empty `data:` line, strips a U+FEFF from every value,
// ignores field lines without a colon and reads `retry: 12abc` as 12, all unlike the WHATWG rules applied below.
import { getLines } from '@microsoft/fetch-event-source/lib/esm/parse'
import type { AlarmStreamEvent } from './types'
import { isUsableEventId } from './last-event-id'

export interface EventStreamHandlers {
  /** A block with non-empty data, with the last event id in force after it. */
  onEvent(event: AlarmStreamEvent): void
  /** A block committed a new last event id (id-only blocks included). */
  onLastEventId(id: string): void
  /** A `retry:` field of ASCII digits only (others are ignored, as WHATWG says); the caller floors it. */
  onRetry(retryMs: number): void
  /** A comment line, or a block named `heartbeat`/`ping` (which is still dispatched when it has data). */
  onHeartbeat?(): void
}

/** Event names servers use for keep-alives (h3, better-sse and Spring recipes use comments or these). */
export function isHeartbeatEventType(type: string): boolean {
  return /^(?:heartbeat|ping)$/i.test(type)
}

/**
 * One connection's parser: feed it the raw body chunks. `lastEventId` is where the id stands when the
 * connection opens; it persists to blocks without an `id:` field, as in a native EventSource.
 *
 * On top of the library stages:
 * - a leading UTF-8 BOM is stripped from the first line (`getLines` keeps it; it buffers until a line is whole, so a
 *   BOM split across chunks arrives whole);
 * - an `id:` takes effect when its block ends (WHATWG "dispatch"), so a block cut off by a dropped connection
 *   never moves the resume point, and ids containing U+0000 are ignored;
 * - blocks with empty data (comments, `event: ping` keep-alives, retry-only and id-only blocks) are never dispatched;
 * - comments and `heartbeat`/`ping` blocks are reported as heartbeats, for the idle watchdog;
 * - an absent or empty `event:` becomes `'message'`.
 */
export function createEventStreamParser(lastEventId: string, handlers: EventStreamHandlers): (chunk: Uint8Array) => void {
  // The stream's BOM is stripped from its first line below; one inside a value is content.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  let committedId = lastEventId
  let pendingId: string | undefined
  /** The block's data lines joined by '\n'; undefined until a `data` field arrives (an empty first line counts). */
  let data: string | undefined
  let eventType = ''
  let firstLine = true

  function dispatch(): void {
    if (pendingId !== undefined && pendingId !== committedId) {
      committedId = pendingId
      handlers.onLastEventId(committedId)
    }
    const type = eventType || 'message'
    const payload = data
    pendingId = undefined
    data = undefined
    eventType = ''
    if (isHeartbeatEventType(type)) handlers.onHeartbeat?.()
    if (payload) handlers.onEvent({ type, data: payload, lastEventId: committedId })
  }

  return getLines((line, fieldLength) => {
    if (firstLine && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) {
      line = line.subarray(3)
      if (fieldLength > 0) fieldLength -= 3 // a colon, if any, comes after the BOM
    }
    firstLine = false
    if (line.length === 0) return dispatch()
    // A leading colon is a comment; a line without one is a field name with an empty value.
    if (fieldLength === 0) return handlers.onHeartbeat?.()
    const name = decoder.decode(fieldLength < 0 ? line : line.subarray(0, fieldLength))
    const value = fieldLength < 0 ? '' : decoder.decode(line.subarray(fieldLength + (line[fieldLength + 1] === 0x20 ? 2 : 1)))
    if (name === 'data') data = data === undefined ? value : `${data}\n${value}`
    else if (name === 'event') eventType = value
    else if (name === 'id' && isUsableEventId(value)) pendingId = value
    else if (name === 'retry' && /^\d+$/.test(value)) handlers.onRetry(Number(value))
  })
}
