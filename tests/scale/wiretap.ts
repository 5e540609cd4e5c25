// A `fetch` for the stream option that records what crossed the wire (requests, their Last-Event-ID, every event)
// from a copy of the body, and can hold the next connects back, so a test decides when a reconnect may happen.
import { createParser } from 'eventsource-parser'

export interface TappedRequest {
  lastEventId: string | null
  /** HTTP status, or null while pending or when the request failed. */
  status: number | null
}

export interface TappedEvent {
  /** Index of the request whose response carried it. */
  request: number
  id: string | undefined
  data: string
}

export interface Wiretap {
  fetch: typeof globalThis.fetch
  readonly requests: readonly TappedRequest[]
  readonly events: readonly TappedEvent[]
  /** Alarm ids (the `id` of a JSON payload) in arrival order, repeats included. */
  alarmIds(): number[]
  /** Requests made from now on wait until `release()`. */
  hold(): void
  release(): void
  /** Connects waiting for `release()`. */
  readonly waiting: number
}

function alarmIdOf(data: string): number | undefined {
  try {
    const parsed = JSON.parse(data) as { id?: unknown }
    return typeof parsed.id === 'number' ? parsed.id : undefined
  } catch {
    return undefined
  }
}

export function createWiretap(): Wiretap {
  const requests: TappedRequest[] = []
  const events: TappedEvent[] = []
  let gate: { promise: Promise<void>; open: () => void } | null = null
  let waiting = 0

  function tapBody(body: ReadableStream<Uint8Array>, request: number): ReadableStream<Uint8Array> {
    const decoder = new TextDecoder()
    const parser = createParser({ onEvent: (event) => events.push({ request, id: event.id, data: event.data }) })
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          parser.feed(decoder.decode(chunk, { stream: true }))
          controller.enqueue(chunk)
        },
      }),
    )
  }

  const tappedFetch: typeof globalThis.fetch = async (input, init) => {
    if (gate) {
      waiting++
      await gate.promise.finally(() => waiting--)
    }
    const headers = new Headers(init?.headers)
    const record: TappedRequest = { lastEventId: headers.get('last-event-id'), status: null }
    const index = requests.push(record) - 1
    const response = await globalThis.fetch(input, init)
    record.status = response.status
    if (!response.body) return response
    return new Response(tapBody(response.body, index), { status: response.status, statusText: response.statusText, headers: response.headers })
  }

  return {
    fetch: tappedFetch,
    requests,
    events,
    alarmIds: () => events.map((event) => alarmIdOf(event.data)).filter((id): id is number => id !== undefined),
    hold() {
      if (gate) return
      let open = () => {}
      const promise = new Promise<void>((resolve) => (open = resolve))
      gate = { promise, open }
    },
    release() {
      gate?.open()
      gate = null
    },
    get waiting() {
      return waiting
    },
  }
}
