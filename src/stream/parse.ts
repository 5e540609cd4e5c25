// The framing stages of @microsoft/fetch-event-source are pure and correct across chunk boundaries
// (split CRLF, split UTF-8, long lines), so they are reused; its `fetchEventSource()` is not (see open-alarm-stream.ts).
import { getLines, getMessages } from '@microsoft/fetch-event-source/lib/esm/parse'
import type { AlarmStreamEvent } from './types'
import { isUsableEventId } from './last-event-id'

export interface EventStreamHandlers {
  /** A block with non-empty data, with the last event id in force after it. */
  onEvent(event: AlarmStreamEvent): void
  /** A block committed a new last event id (id-only blocks included). */
  onLastEventId(id: string): void
  /** A `retry:` field, already parsed as an integer (may be negative: the caller floors it). */
  onRetry(retryMs: number): void
}

const BOM = [0xef, 0xbb, 0xbf] as const

/**
 * One connection's parser: feed it the raw body chunks. `lastEventId` is where the id stands when the
 * connection opens; it persists to blocks without an `id:` field, as in a native EventSource.
 *
 * On top of the library stages:
 * - a leading UTF-8 BOM is stripped at the byte level (`getLines` keeps it; `getMessages` only loses it by accident
 *   of `TextDecoder`), even when it arrives one byte per chunk;
 * - an `id:` takes effect when its block ends (WHATWG "dispatch"), so a block cut off by a dropped connection
 *   never moves the resume point, and ids containing U+0000 are ignored;
 * - blocks with empty data (comments, `event: ping` keep-alives, retry-only and id-only blocks) are never dispatched;
 * - an absent or empty `event:` becomes `'message'`.
 */
export function createEventStreamParser(lastEventId: string, handlers: EventStreamHandlers): (chunk: Uint8Array) => void {
  let committedId = lastEventId
  let pendingId: string | undefined
  let bomBytesSeen = 0
  let started = false
  const pushLines = getLines(
    getMessages(
      (id) => {
        if (isUsableEventId(id)) pendingId = id
      },
      (retryMs) => handlers.onRetry(retryMs),
      (message) => {
        if (pendingId !== undefined && pendingId !== committedId) {
          committedId = pendingId
          handlers.onLastEventId(committedId)
        }
        pendingId = undefined
        if (message.data === '') return
        handlers.onEvent({ type: message.event || 'message', data: message.data, lastEventId: committedId })
      },
    ),
  )

  return function push(chunk: Uint8Array): void {
    if (started) {
      pushLines(chunk)
      return
    }
    // Before the first real byte: consume what matches the BOM, replay a partial match that turned out not to be one.
    let offset = 0
    while (offset < chunk.length && bomBytesSeen < BOM.length && chunk[offset] === BOM[bomBytesSeen]) {
      offset++
      bomBytesSeen++
    }
    if (bomBytesSeen === BOM.length) {
      started = true
    } else if (offset === chunk.length) {
      return
    } else {
      started = true
      if (bomBytesSeen > 0) pushLines(Uint8Array.from(BOM.slice(0, bomBytesSeen)))
    }
    if (offset < chunk.length) pushLines(chunk.subarray(offset))
  }
}
