import { describe, expect, test } from 'vitest'
import { classifyEvent, type ClassifyEventOptions } from '../../src/alarms/classify'
import { isSpringHandshake, parseAlarm } from '../../src/alarms/parse'

const options: ClassifyEventOptions = { eventNames: ['sse', 'message'], isHandshake: isSpringHandshake, parseAlarm }
const alarmJson = '{"id":7,"type":"COMMENT","content":"hi","url":"/posts/3","isRead":false,"createdAt":"2026-11-25T09:41:12.123"}'

describe('classifyEvent', () => {
  test('turns a JSON alarm under a listened event name into an alarm', () => {
    const result = classifyEvent({ type: 'sse', data: alarmJson }, options)
    expect(result).toEqual({ kind: 'alarm', alarm: expect.objectContaining({ id: 7, content: 'hi' }) })
  })

  test('accepts an unnamed event (message)', () => {
    expect(classifyEvent({ type: 'message', data: alarmJson }, options).kind).toBe('alarm')
  })

  test.each([
    ['an event name that is not listened to', { type: 'ping', data: alarmJson }, 'event-name'],
    ['the Spring handshake', { type: 'sse', data: 'EventStream Created. [userId=1]' }, 'handshake'],
    ['whitespace data', { type: 'sse', data: '  ' }, 'empty'],
    ['non-JSON text', { type: 'sse', data: 'hello {' }, 'not-json'],
    ['JSON that is not an alarm', { type: 'sse', data: '{"id":1}' }, 'rejected'],
    ['a JSON string', { type: 'sse', data: '"text"' }, 'rejected'],
  ])('ignores %s', (_name, event, reason) => {
    expect(classifyEvent(event, options)).toEqual({ kind: 'ignored', reason })
  })

  test('never throws when a custom parseAlarm or isHandshake throws', () => {
    const throwing = () => {
      throw new Error('boom')
    }
    expect(classifyEvent({ type: 'sse', data: alarmJson }, { ...options, parseAlarm: throwing })).toEqual({ kind: 'ignored', reason: 'rejected' })
    expect(classifyEvent({ type: 'sse', data: alarmJson }, { ...options, isHandshake: throwing })).toEqual({ kind: 'ignored', reason: 'rejected' })
  })

  test('uses a custom parseAlarm for another backend', () => {
    const custom: ClassifyEventOptions = {
      ...options,
      eventNames: ['notification'],
      parseAlarm: (raw) => {
        const record = raw as { notificationId?: number; message?: string }
        return typeof record.notificationId === 'number' && typeof record.message === 'string'
          ? { id: record.notificationId, content: record.message, type: '', url: '', isRead: false, createdAt: '' }
          : null
      },
    }
    const result = classifyEvent({ type: 'notification', data: '{"notificationId":3,"message":"m"}' }, custom)
    expect(result.kind === 'alarm' && result.alarm.id).toBe(3)
  })
})
