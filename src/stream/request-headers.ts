import { tokenFailure } from './failures'
import { encodeLastEventIdHeader } from './last-event-id'
import { bearerAuthHeaders, unsendableHeader } from '../credentials'
import type { AlarmStreamOptions, AlarmStreamStatusInfo } from './types'

export type HeaderSources = Pick<AlarmStreamOptions, 'getToken' | 'authHeaders' | 'headers'>

export type RequestHeaders =
  | {
      /** A plain object, one entry per header name (the case as given). */
      headers: Record<string, string>
      /** The token and the values derived from it ('' when none): never to be quoted in an error. */
      secrets: string[]
    }
  | { failure: AlarmStreamStatusInfo }

/**
 * The headers of one (re)connect: `getToken()` (once), `authHeaders(token)` and `headers` read afresh. Extra
 * headers first, then the auth headers, then `Accept` and `Last-Event-ID`; each replaces any case variant of its
 * name from before. Anything fetch would refuse (and quote in its error) is refused here first, naming at most
 * the header.
 */
export async function readRequestHeaders({ getToken, authHeaders = bearerAuthHeaders, headers }: HeaderSources, lastEventId: string): Promise<RequestHeaders> {
  try {
    const token = (await getToken?.()) || ''
    const extra = (typeof headers === 'function' ? headers() : headers) ?? {}
    const auth = token ? authHeaders(token) : {}
    // Object.entries throws on null/undefined: reported as the token error below.
    const refusal = unsendableHeader(auth) ?? unsendableHeader(extra)
    if (refusal) return { failure: tokenFailure(refusal) }
    const lastEventIdHeader = encodeLastEventIdHeader(lastEventId)
    const owned = { Accept: 'text/event-stream', ...(lastEventIdHeader && { 'Last-Event-ID': lastEventIdHeader }) }
    const byLowerName: Record<string, [string, string]> = {}
    for (const source of [extra, auth, owned]) for (const entry of Object.entries(source)) byLowerName[entry[0].toLowerCase()] = entry
    return { headers: Object.fromEntries(Object.values(byLowerName)), secrets: [token, ...Object.values(auth)] }
  } catch (error) {
    return { failure: tokenFailure(undefined, error) }
  }
}
