// What the stream and the REST service share about credentials: the callback types, the default auth header, the
// refresh contract and the header check. Both transports import it from here; neither imports the other.

/** A value, or a promise of it: what a callback such as `getToken` may return. */
export type MaybePromise<T> = T | Promise<T>

/** The current access token; nothing (`null`, `undefined`, `''`) means no auth header. */
export type GetToken = () => MaybePromise<string | null | undefined>

/**
 * Renews the credential after a 401, and settles when done. The one contract of every `refreshToken` option.
 * - resolves with anything else (`undefined`, `true`, the new token, an HTTP response): renewed; the stream
 *   reconnects at once, reading `getToken` again
 * - resolves `false` or `null`: could not renew; the session ends (status `unauthorized`, `onUnauthorized()`)
 * - rejects: the same as `false` (its error is dropped: an HTTP client's error holds the request headers)
 */
export type RefreshToken = () => MaybePromise<unknown>

/** The {@link RefreshToken} contract: `false`, `null` or a rejection mean "not renewed"; anything else means renewed. */
export const isRenewal = (result: unknown) => result !== false && result !== null

/** Header values fetch accepts: visible Latin-1 without CR, LF or NUL (otherwise fetch throws, quoting the value). */
const SENDABLE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
/** RFC 9110 `token`: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** The default `authHeaders`: RFC 6750 bearer token, on the stream and on REST alike. */
export const bearerAuthHeaders = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` })

/**
 * Why fetch would refuse these headers, naming the header but never quoting a value (it may be a token);
 * undefined when all can be sent. Long in development only (see errors.ts).
 */
export function unsendableHeader(headers: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    // Production names only the header, or gives the error's code where the name itself cannot be quoted.
    if (!HEADER_NAME.test(name)) return process.env.NODE_ENV !== 'production' ? 'A header name cannot be sent' : 'token'
    if (typeof value !== 'string' || !SENDABLE_HEADER_VALUE.test(value)) {
      return process.env.NODE_ENV !== 'production' ? `The ${name} header value cannot be sent` : name
    }
  }
  return undefined
}
