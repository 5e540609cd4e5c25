import { encodeLastEventIdHeader } from './last-event-id'

/** Header values fetch accepts: visible Latin-1 without CR, LF or NUL (otherwise fetch throws, quoting the value). */
const SENDABLE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

export function isSendableToken(token: string): boolean {
  return SENDABLE_HEADER_VALUE.test(token)
}

export interface StreamRequestParts {
  headers?: Record<string, string>
  token?: string | null
  lastEventId: string
}

/**
 * Request headers as a plain object (fetch-event-source copies `Headers` instances as nothing, notes §1 I).
 * Extra headers come first; the ones this module owns replace any case variant of the same name.
 */
export function buildStreamHeaders({ headers = {}, token, lastEventId }: StreamRequestParts): Record<string, string> {
  const owned: Record<string, string> = { Accept: 'text/event-stream' }
  if (token) owned.Authorization = `Bearer ${token}`
  const lastEventIdHeader = encodeLastEventIdHeader(lastEventId)
  if (lastEventIdHeader !== undefined) owned['Last-Event-ID'] = lastEventIdHeader
  const ownedNames = Object.keys(owned).map((name) => name.toLowerCase())
  const extra = Object.entries(headers).filter(([name]) => !ownedNames.includes(name.toLowerCase()))
  return Object.assign(Object.fromEntries(extra), owned)
}

/** `text/event-stream`, any case, parameters allowed. */
export function isEventStreamContentType(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'text/event-stream'
}

/** What to do with a response status, per the stream's contract. */
export type ResponseVerdict = 'open' | 'retry' | 'unauthorized' | 'stop'

export function classifyResponse(status: number): ResponseVerdict {
  if (status === 200) return 'open'
  if (status === 401) return 'unauthorized'
  if (status === 429 || status >= 500) return 'retry'
  // 204 is the server's "do not reconnect"; other 4xx will not heal by retrying; other 2xx/3xx fail the connection
  // as in a native EventSource.
  return 'stop'
}
