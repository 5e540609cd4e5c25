import type { AlarmStreamEvent } from '../../src/stream'

/** A Spring-style stream with every line-end style, a BOM, comments, a keep-alive, retry-only and id-only blocks. */
export const SPRING_STREAM =
  '\uFEFFid:7_1\r\nevent:sse\r\ndata:EventStream Created. [userId=7]\r\n\r\n' +
  ': keep-alive\r\n\r\n' +
  'id:7_2\nevent:sse\ndata:{"id":1,"content":"새 댓글 🔔"}\n\n' +
  'event: ping\n\n' +
  'data:line one\rdata:line two\r\r' +
  'retry: 3000\n\n' +
  'id: 7_3\n\n' +
  'data: after an id-only block\n\n'

/** What `SPRING_STREAM` must dispatch, whatever its chunking. */
export const SPRING_EVENTS: AlarmStreamEvent[] = [
  { type: 'sse', data: 'EventStream Created. [userId=7]', lastEventId: '7_1' },
  { type: 'sse', data: '{"id":1,"content":"새 댓글 🔔"}', lastEventId: '7_2' },
  { type: 'message', data: 'line one\nline two', lastEventId: '7_2' },
  { type: 'message', data: 'after an id-only block', lastEventId: '7_3' },
]
