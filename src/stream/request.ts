
/** Header values fetch accepts: visible Latin-1 without CR, LF or NUL (otherwise fetch throws, quoting the value). */
const SENDABLE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
/** RFC 9110 `token`: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** The default `authHeaders`: RFC 6750 bearer token. */
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

/** `text/event-stream`, any case, parameters allowed. */
export function isEventStreamContentType(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'text/event-stream'
}
