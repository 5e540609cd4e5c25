import fc from 'fast-check'
import type { AlarmStreamEvent } from '../../src/stream/types'

/** One block of a generated, spec-valid event stream. */
export type SseBlock =
  | { kind: 'event'; type?: string; dataLines: string[]; id?: string; retry?: string; comment?: string }
  | { kind: 'comment'; text: string }
  | { kind: 'id-only'; id: string }
  | { kind: 'retry-only'; retry: string }
  | { kind: 'ping' }

export type LineEnd = '\n' | '\r\n' | '\r'

export interface GeneratedStream {
  blocks: Array<{ block: SseBlock; eol: LineEnd; spaced: boolean }>
  bom: boolean
}

/** No CR/LF: they end the line. */
const isFieldValue = (value: string) => !/[\r\n]/.test(value)

/** Field values: any code point but CR/LF, weighted towards the characters that break naive parsers. */
export const fieldValue = (maxLength = 12) =>
  fc
    .string({
      unit: fc.oneof(
        { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
        { weight: 2, arbitrary: fc.constantFrom(':', ' ', '\0', '{', '"', '알', '림', '🔔', 'é', '\u2028', '\uFEFF', '\t') },
      ),
      maxLength,
    })
    .filter(isFieldValue)

/** Ids as real backends send them (Spring, Korean, emoji), plus junk: empty, NUL, spaces. */
export const eventId = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 })).map(([user, millis]) => `${user}_${millis}`),
  fc.constantFrom('알림_1', '🔔_2', '', ' lead', 'x\0y', '1795532924:0'),
  fieldValue(16),
)

const dataLines = fc.array(fieldValue(24), { minLength: 1, maxLength: 4 })

export const sseBlock: fc.Arbitrary<SseBlock> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        kind: fc.constant('event' as const),
        type: fc.oneof(fc.constantFrom('sse', 'message', 'notification', 'ping'), fieldValue(8)),
        dataLines,
        id: eventId,
        retry: fc.constantFrom('0', '-1', 'soon', '3000', '12abc'),
        comment: fieldValue(8),
      },
      { requiredKeys: ['kind', 'dataLines'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('comment' as const), text: fieldValue(10) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('id-only' as const), id: eventId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry-only' as const), retry: fc.constantFrom('0', '-1', 'junk', '250') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'ping' as const }) },
)

export const generatedStream: fc.Arbitrary<GeneratedStream> = fc.record({
  blocks: fc.array(
    fc.record({ block: sseBlock, eol: fc.constantFrom<LineEnd>('\n', '\r\n', '\r'), spaced: fc.boolean() }),
    { maxLength: 12 },
  ),
  bom: fc.boolean(),
})

function field(name: string, value: string, spaced: boolean): string {
  // One space after the colon is stripped by parsers, so a value that starts with a space needs it written.
  return spaced || value.startsWith(' ') ? `${name}: ${value}` : `${name}:${value}`
}

/** Serializes one block; each block uses one line end, so a CR never meets the LF of a following blank line. */
export function serializeBlock(block: SseBlock, eol: LineEnd, spaced: boolean): string {
  const lines: string[] = []
  switch (block.kind) {
    case 'event':
      if (block.comment !== undefined) lines.push(`:${block.comment}`)
      if (block.id !== undefined) lines.push(field('id', block.id, spaced))
      if (block.type !== undefined) lines.push(field('event', block.type, spaced))
      if (block.retry !== undefined) lines.push(field('retry', block.retry, spaced))
      for (const line of block.dataLines) lines.push(field('data', line, spaced))
      break
    case 'comment':
      lines.push(`:${block.text}`)
      break
    case 'id-only':
      lines.push(field('id', block.id, spaced))
      break
    case 'retry-only':
      lines.push(field('retry', block.retry, spaced))
      break
    case 'ping':
      lines.push('event: ping')
      break
  }
  return lines.map((line) => line + eol).join('') + eol
}

export function serializeStream(stream: GeneratedStream): Uint8Array {
  const text = stream.blocks.map(({ block, eol, spaced }) => serializeBlock(block, eol, spaced)).join('')
  const body = new TextEncoder().encode(text)
  if (!stream.bom) return body
  const withBom = new Uint8Array(body.length + 3)
  withBom.set([0xef, 0xbb, 0xbf])
  withBom.set(body, 3)
  return withBom
}

/** What a WHATWG EventSource dispatches for the stream (empty-data blocks excluded, as the stream contract says). */
export function expectedEvents(stream: GeneratedStream, startId = ''): AlarmStreamEvent[] {
  let lastEventId = startId
  const events: AlarmStreamEvent[] = []
  for (const { block } of stream.blocks) {
    const id = block.kind === 'event' || block.kind === 'id-only' ? block.id : undefined
    if (id !== undefined && !id.includes('\0')) lastEventId = id
    if (block.kind !== 'event') continue
    const data = block.dataLines.join('\n')
    if (data === '') continue
    events.push({ type: block.type || 'message', data, lastEventId })
  }
  return events
}

/** Splits bytes at the given cut points (taken modulo the length), in order. */
export function chunkBytes(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const point of [...points, bytes.length]) {
    if (point <= start) continue
    chunks.push(bytes.subarray(start, point))
    start = point
  }
  return chunks
}

/** Arbitrary chunkings: random cut points, or one byte per chunk. */
export const chunking = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.nat(), { maxLength: 30 }).map((cuts) => ({ bytewise: false, cuts })) },
  { weight: 1, arbitrary: fc.constant({ bytewise: true, cuts: [] as number[] }) },
)

export function applyChunking(bytes: Uint8Array, how: { bytewise: boolean; cuts: readonly number[] }): Uint8Array[] {
  if (!how.bytewise) return chunkBytes(bytes, how.cuts)
  return Array.from({ length: bytes.length }, (_, index) => bytes.subarray(index, index + 1))
}
