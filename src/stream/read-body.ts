import { createEventStreamParser, isHeartbeatEventType, type EventStreamHandlers } from './parse'

/**
 * Parsing gives the main thread back after this long (a burst of 10 000 alarms can arrive in one network chunk).
 * React's scheduler uses the same slice: what the events cause (list update, render, GC) still fits well under 50 ms.
 */
const TASK_BUDGET_MS = 5
/** Bytes parsed between looks at the clock (about 35 typical events). */
const SLICE_BYTES = 8 * 1024
/** A read that waited longer than this waited for the network: it resumed in a new task. */
const WAITED_MS = 1

/** Resolves in a new task: a message, which has no nested-timer clamp and which fake timers leave alone. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = () => {
      port1.close()
      resolve()
    }
    port2.postMessage(null)
  })
}

export interface BodyHandlers extends Omit<EventStreamHandlers, 'onHeartbeat'> {
  /** The connection attempt's: once aborted, nothing more is parsed or reported. */
  signal: AbortSignal
  /** After each chunk; `heartbeatOnly` when it carried heartbeat traffic and no other event. */
  onChunk(heartbeatOnly: boolean): void
}

/**
 * Reads one response body to its end, parsing events across any chunking. A chunk counts as a heartbeat only when
 * heartbeats are all it carried: a comment written after each alarm says nothing about the heartbeat interval.
 * A large chunk is parsed in slices with a task boundary whenever the current task has run `TASK_BUDGET_MS`; what
 * the events of a task caused (one list update, one render) runs before the boundary. A chunk already buffered is
 * read in the same task, so only a read that waited restarts the task's clock. Rejects when the body breaks; once
 * `signal` aborts, stops reading and cancels the body.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, lastEventId: string, handlers: BodyHandlers): Promise<void> {
  const { signal } = handlers
  /** Whether the chunk so far carried heartbeats and no other event; undefined while it carried neither. */
  let heartbeatOnly: boolean | undefined
  const push = createEventStreamParser(
    lastEventId,
    {
      ...handlers,
      onHeartbeat: () => (heartbeatOnly ??= true),
      onEvent(event) {
        if (!isHeartbeatEventType(event.type)) heartbeatOnly = false
        handlers.onEvent(event)
      },
    },
    signal,
  )
  const reader = body.getReader()
  let taskStartedAt = performance.now()
  while (!signal.aborted) {
    const readAt = performance.now()
    const { done, value: chunk } = await reader.read()
    if (done) return
    const now = performance.now()
    if (now - readAt > WAITED_MS) taskStartedAt = now
    heartbeatOnly = undefined
    for (let offset = 0; offset < chunk.length && !signal.aborted; offset += SLICE_BYTES) {
      if (performance.now() - taskStartedAt >= TASK_BUDGET_MS) {
        await nextTask()
        taskStartedAt = performance.now()
      }
      // A sign-out at the boundary drops the rest of the chunk: the parser checks the signal.
      push(chunk.subarray(offset, offset + SLICE_BYTES))
    }
    if (!signal.aborted) handlers.onChunk(heartbeatOnly === true)
  }
  // Abandoned: release the connection (a fetch that ignored the signal would otherwise keep it open). A body that
  // already broke rejects the cancel, which says nothing new.
  reader.cancel().catch(() => {})
}
