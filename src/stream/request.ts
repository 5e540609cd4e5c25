/** `text/event-stream`, any case, parameters allowed. */
export function isEventStreamContentType(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'text/event-stream'
}
