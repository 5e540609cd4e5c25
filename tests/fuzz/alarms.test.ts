import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { classifyEvent, isSpringHandshake, parseAlarm, type Alarm } from '../../src/alarms'
import { AlarmsError } from '../../src/errors'
import { validateCount, validatePage } from '../../src/api/validate'
import { createEventStreamParser } from '../../src/stream/parse'
import { applyChunking, chunking } from './sse-model'

const options = { eventNames: ['sse', 'message'], isHandshake: isSpringHandshake, parseAlarm }

/** The test API's alarm shape, with the odd characters alarms really carry. */
const validAlarm = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.string({ minLength: 1, maxLength: 12 }).filter((id) => id.trim() !== '')),
  type: fc.constantFrom('COMMENT', 'LIKE', '<img src=x onerror=alert(1)>', '댓글', ''),
  content: fc.string({ unit: 'binary', maxLength: 40 }),
  url: fc.constantFrom('/posts/3', '', 'javascript:alert(1)', 'https://example.com/?q=<b>'),
  isRead: fc.boolean(),
  createdAt: fc.constantFrom('2024-05-01T10:00:00', '2024-05-01T10:00:00.123Z', ''),
})

/** A valid alarm with exactly one field broken in a way a sloppy backend or a proxy could produce. */
const corruptedAlarm = fc
  .tuple(
    validAlarm,
    fc.constantFrom(
      ['id', undefined],
      ['id', null],
      ['id', ''],
      ['id', '   '],
      ['id', true],
      ['id', { value: 1 }],
      ['id', [1]],
      ['content', undefined],
      ['content', 7],
      ['content', null],
      ['content', ['text']],
      ['type', 42],
      ['url', { href: '/x' }],
      ['createdAt', 1714557600000],
      ['isRead', 'false'],
      ['isRead', 0],
    ) as fc.Arbitrary<[string, unknown]>,
  )
  .map(([alarm, [key, value]]) => {
    const copy: Record<string, unknown> = { ...alarm }
    if (value === undefined) delete copy[key]
    else copy[key] = value
    return copy
  })

/** Text that is not JSON at all, or JSON that is not an alarm object. */
const junkData = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('EventStream Created. [userId=1]', 'EventSteam Created. [memberId=7]', 'EventStream Connected', '{"id":oops', 'null', '[]', '""', '0', 'true'),
  fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => JSON.stringify(value)),
  fc.array(validAlarm, { minLength: 1, maxLength: 2 }).map((list) => JSON.stringify(list)),
  corruptedAlarm.map((value) => JSON.stringify(value)),
)

function expectWellFormed(alarm: Alarm): void {
  expect(typeof alarm.id === 'string' ? alarm.id.trim() !== '' : Number.isFinite(alarm.id)).toBe(true)
  for (const key of ['type', 'content', 'url', 'createdAt'] as const) expect(typeof alarm[key]).toBe('string')
  expect(typeof alarm.isRead).toBe('boolean')
}

describe('alarm parsing and classification under arbitrary input', () => {
  test('never throws, and anything it accepts is a well-formed alarm from an allowed event name', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('sse', 'message', 'notification', ''), fc.string()),
        fc.oneof(junkData, validAlarm.map((alarm) => JSON.stringify(alarm)), fc.json()),
        (type, data) => {
          const result = classifyEvent({ type, data }, options)
          if (result.kind === 'alarm') {
            expect(options.eventNames).toContain(type)
            expectWellFormed(result.alarm)
          }
        },
      ),
      { numRuns: 1000 },
    )
  })

  test('junk (non-JSON, non-objects, arrays, one broken field, handshakes) never becomes an alarm', () => {
    fc.assert(
      fc.property(fc.constantFrom('sse', 'message'), junkData, (type, data) => {
        expect(classifyEvent({ type, data }, options).kind).toBe('ignored')
      }),
      { numRuns: 1000 },
    )
  })

  test('a valid alarm is accepted under an allowed name only, and read back unchanged', () => {
    fc.assert(
      fc.property(validAlarm, fc.constantFrom('sse', 'message', 'notification', 'mystery', 'ping'), (alarm, type) => {
        const result = classifyEvent({ type, data: JSON.stringify(alarm) }, options)
        if (type === 'sse' || type === 'message') expect(result).toEqual({ kind: 'alarm', alarm })
        else expect(result).toEqual({ kind: 'ignored', reason: 'event-name' })
      }),
      { numRuns: 500 },
    )
  })

  test('throwing user callbacks are contained', () => {
    fc.assert(
      fc.property(validAlarm, fc.boolean(), (alarm, throwInHandshake) => {
        const boom = () => {
          throw new Error('user callback failed')
        }
        const result = classifyEvent(
          { type: 'sse', data: JSON.stringify(alarm) },
          { eventNames: ['sse'], isHandshake: throwInHandshake ? boom : () => false, parseAlarm: throwInHandshake ? parseAlarm : boom },
        )
        expect(result).toEqual({ kind: 'ignored', reason: 'rejected' })
      }),
      { numRuns: 100 },
    )
  })

  test('stream bytes → events → alarms: exactly the valid alarms, in order, whatever the chunking', () => {
    const block = fc.oneof(
      { weight: 2, arbitrary: validAlarm.map((alarm) => ({ alarm, text: `id:7_${alarm.id}\nevent:sse\ndata:${JSON.stringify(alarm)}\n\n` })) },
      {
        weight: 2,
        arbitrary: junkData
          .filter((data) => !/[\r\n]/.test(data))
          .map((data) => ({ alarm: undefined, text: `event:sse\ndata:${data}\n\n` })),
      },
      { weight: 1, arbitrary: validAlarm.map((alarm) => ({ alarm: undefined, text: `event:mystery\ndata:${JSON.stringify(alarm)}\n\n` })) },
      { weight: 1, arbitrary: fc.constantFrom(':heartbeat\n\n', 'event: ping\n\n', 'retry:-1\n\n', 'id:x\0y\n\n').map((text) => ({ alarm: undefined, text })) },
    )
    fc.assert(
      fc.property(fc.array(block, { maxLength: 10 }), chunking, (blocks, how) => {
        const bytes = new TextEncoder().encode(blocks.map((entry) => entry.text).join(''))
        const alarms: Alarm[] = []
        const push = createEventStreamParser('', {
          onEvent: (event) => {
            const result = classifyEvent(event, options)
            if (result.kind === 'alarm') alarms.push(result.alarm)
          },
          onLastEventId: () => {},
          onRetry: () => {},
        })
        for (const chunk of applyChunking(bytes, how)) push(chunk)
        expect(alarms).toEqual(blocks.flatMap((entry) => (entry.alarm ? [entry.alarm] : [])))
      }),
      { numRuns: 300 },
    )
  })

  test('REST bodies: anything malformed is a typed AlarmsError, never another exception or a NaN', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ items: fc.array(fc.oneof(validAlarm, corruptedAlarm), { maxLength: 3 }), page: fc.jsonValue(), size: fc.jsonValue(), total: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ content: fc.array(validAlarm, { maxLength: 3 }), number: fc.integer({ min: -1, max: 3 }), totalElements: fc.oneof(fc.nat(), fc.double()) }),
    )
    fc.assert(
      fc.property(body, (value) => {
        try {
          const page = validatePage(value, { page: 0, size: 20 }, parseAlarm)
          for (const alarm of page.items) expectWellFormed(alarm)
          for (const count of [page.page, page.size, page.total ?? -1]) expect(Number.isSafeInteger(count) && count >= 0).toBe(true)
        } catch (error) {
          expect(error).toBeInstanceOf(AlarmsError)
          expect((error as AlarmsError).code).toBe('invalid-response')
        }
        try {
          const count = validateCount(value)
          expect(Number.isSafeInteger(count) && count >= 0).toBe(true)
        } catch (error) {
          expect(error).toBeInstanceOf(AlarmsError)
        }
      }),
      { numRuns: 500 },
    )
  })
})
