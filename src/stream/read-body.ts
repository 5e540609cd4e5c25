import { getBytes } from '@microsoft/fetch-event-source/lib/esm/parse'
import { createEventStreamParser, isHeartbeatEventType, type EventStreamHandlers } from './parse'

export interface BodyHandlers extends Omit<EventStreamHandlers, 'onHeartbeat'> {
  /** The connection attempt's: once aborted, nothing more is parsed or reported. */
  signal: AbortSignal
  /** After each chunk; `heartbeatOnly` when it carried heartbeat traffic and no other event. */
  onChunk(heartbeatOnly: boolean): void
}

/**
 * Reads one response body to its end, parsing events across any chunking. A chunk counts as a heartbeat only when
 * heartbeats are all it carried: a comment written after each alarm says nothing about the heartbeat interval.
 * Rejects when the body breaks.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, lastEventId: string, handlers: BodyHandlers): Promise<void> {
  let chunkHeartbeats = 0
  let chunkEvents = 0
  const push = createEventStreamParser(
    lastEventId,
    {
      ...handlers,
      onHeartbeat: () => chunkHeartbeats++,
      onEvent(event) {
        if (!isHeartbeatEventType(event.type)) chunkEvents++
        handlers.onEvent(event)
      },
    },
    handlers.signal,
  )
  await getBytes(body, (chunk) => {
    chunkHeartbeats = chunkEvents = 0
    push(chunk)
    if (!handlers.signal.aborted) handlers.onChunk(chunkHeartbeats > 0 && chunkEvents === 0)
  })
}
