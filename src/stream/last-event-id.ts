/** WHATWG: an `id` field whose value contains U+0000 is ignored (it could never be sent back in a header). */
export function isUsableEventId(id: string): boolean {
  return !id.includes('\0')
}

/**
 * The `Last-Event-ID` header value for an id: its UTF-8 bytes, one Latin-1 character per byte.
 * Fetch headers are ByteStrings, so a Korean or emoji id passed as-is throws "Cannot convert argument
 * to a ByteString" on every reconnect; this form puts exactly the bytes a native EventSource sends on the wire.
 * Returns undefined when there is nothing to send.
 */
export function encodeLastEventIdHeader(id: string): string | undefined {
  if (!id || !isUsableEventId(id)) return undefined
  let header = ''
  for (const byte of new TextEncoder().encode(id)) header += String.fromCharCode(byte)
  return header
}

/** The id a server reads back from a `Last-Event-ID` header that Node or a servlet container decoded as Latin-1. */
export function decodeLastEventIdHeader(header: string): string {
  // Each Latin-1 character is one byte (a Uint8Array keeps the low 8 bits of anything else).
  return new TextDecoder().decode(Uint8Array.from(header, (char) => char.charCodeAt(0)))
}
