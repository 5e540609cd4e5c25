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
  // A handler may close or reconnect the stream in the middle of a chunk: nothing after that may touch its state.
  const isActive = () => !handlers.signal.aborted
  const push = createEventStreamParser(lastEventId, {
    onLastEventId: (id) => isActive() && handlers.onLastEventId(id),
    onRetry: (retryMs) => isActive() && handlers.onRetry(retryMs),
    onHeartbeat() {
      chunkHeartbeats++
    },
    onEvent(event) {
      if (!isActive()) return
      if (!isHeartbeatEventType(event.type)) chunkEvents++
      handlers.onEvent(event)
    },
  })
  await getBytes(body, (chunk) => {
    if (!isActive()) return
    chunkHeartbeats = 0
    chunkEvents = 0
    push(chunk)
    if (isActive()) handlers.onChunk(chunkHeartbeats > 0 && chunkEvents === 0)
  })
}
