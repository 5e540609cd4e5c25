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
  return /^(heartbeat|ping)$/i.test(type)
}

/**
 * One connection's parser: feed it the raw body chunks. `lastEventId` is where the id stands when the
 * connection opens; it persists to blocks without an `id:` field, as in a native EventSource. Once `signal` aborts,
 * nothing more is parsed or reported.
 *
 * On top of the library stages:
 * - a leading UTF-8 BOM is stripped from the first line (`getLines` keeps it; it buffers until a line is whole, so a
 *   BOM split across chunks is whole there);
 * - an `id:` takes effect when its block ends (WHATWG "dispatch"), so a block cut off by a dropped connection
 *   never moves the resume point, and ids containing U+0000 are ignored;
 * - blocks with empty data (comments, `event: ping` keep-alives, retry-only and id-only blocks) are never dispatched;
 * - comments and `heartbeat`/`ping` blocks are reported as heartbeats, for the idle watchdog;
 * - an absent or empty `event:` becomes `'message'`.
 */
export function createEventStreamParser(lastEventId: string, handlers: EventStreamHandlers, signal?: AbortSignal): (chunk: Uint8Array) => void {
  // A default decoder strips a leading BOM: it decodes the first line only, as a BOM anywhere else is content.
  let decoder = new TextDecoder()
  const verbatim = new TextDecoder('utf-8', { ignoreBOM: true })
  let committedId = lastEventId
  /** The block's `id:`, committed when it ends; the committed id while it has none. */
  let pendingId = lastEventId
  /** The block's data lines joined by '\n'; undefined until a `data` field arrives (an empty first line counts). */
  let data: string | undefined
  let eventType = ''

  function dispatch(): void {
    if (pendingId !== committedId) {
      committedId = pendingId
      handlers.onLastEventId(committedId)
    }
    const type = eventType || 'message'
    const payload = data
    data = undefined
    eventType = ''
    if (isHeartbeatEventType(type)) handlers.onHeartbeat?.()
    if (payload) handlers.onEvent({ type, data: payload, lastEventId: committedId })
  }

  return getLines((bytes) => {
    // A handler may close or reconnect the stream in the middle of a chunk: nothing after that is parsed.
    if (signal?.aborted) return
    // A colon byte is never part of a multi-byte character: decoding the whole line splits as the bytes would.
    const line = decoder.decode(bytes)
    decoder = verbatim
    if (!line) return dispatch()
    // A line without a colon is a field name with an empty value; one space after the colon is not part of the value.
    const [, name, value = ''] = /^([^:]*)(?:: ?([^]*))?$/.exec(line)!
    // A leading colon is a comment.
    if (!name) return handlers.onHeartbeat?.()
    if (name === 'data') data = data === undefined ? value : `${data}\n${value}`
    else if (name === 'event') eventType = value
    else if (name === 'id' && isUsableEventId(value)) pendingId = value
    else if (name === 'retry' && /^\d+$/.test(value)) handlers.onRetry(Number(value))
  })
}
