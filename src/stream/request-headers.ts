import { tokenFailure } from './failures'
import { bearerAuthHeaders, buildStreamHeaders, isSendableToken, unsendableHeader } from './request'
import type { AlarmStreamOptions, AlarmStreamStatusInfo } from './types'

export type HeaderSources = Pick<AlarmStreamOptions, 'getToken' | 'authHeaders' | 'headers'>

export type RequestHeaders =
  | {
      headers: Record<string, string>
      /** The token and the values derived from it: never to be quoted in an error. */
      secrets: string[]
    }
  | { failure: AlarmStreamStatusInfo }

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The headers of one (re)connect: `getToken()`, `authHeaders(token)` and `headers` read afresh. Anything fetch
 * would refuse (and quote in its error) is refused here first, naming at most the header.
 */
export async function readRequestHeaders(sources: HeaderSources, lastEventId: string): Promise<RequestHeaders> {
  let token: string | undefined
  try {
    token = (await sources.getToken?.()) ?? undefined
  } catch (error) {
    return { failure: tokenFailure('getToken() failed', error) }
  }
  if (token && !isSendableToken(token)) return { failure: tokenFailure('getToken() returned a token that cannot be sent in a header') }

  let extra: unknown
  let auth: unknown = {}
  try {
    extra = (typeof sources.headers === 'function' ? sources.headers() : sources.headers) ?? {}
    if (token) auth = (sources.authHeaders ?? bearerAuthHeaders)(token)
  } catch (error) {
    return { failure: tokenFailure('authHeaders() or headers() failed', error) }
  }
  if (!isPlainRecord(extra) || !isPlainRecord(auth)) return { failure: tokenFailure('authHeaders() and headers() must give plain objects') }
  const refusal = unsendableHeader(auth) ?? unsendableHeader(extra)
  if (refusal !== undefined) return { failure: tokenFailure(refusal) }

  const authHeaders = auth as Record<string, string>
  return {
    headers: buildStreamHeaders({ headers: extra as Record<string, string>, authHeaders, lastEventId }),
    secrets: token ? [token, ...Object.values(authHeaders)] : [],
  }
}
