import { describe, expect, test, vi } from 'vitest'
import * as list from '../../src/alarms/list'
import { createNewAlarms } from '../../src/client/new-alarms'
import { fakeAlarm } from '../helpers/fake-transport'

describe('what the client remembers per alarm stays bounded', () => {
  test('new alarms forget the oldest seen ids past their limit, and report each id once while they remember it', () => {
    const listener = vi.fn()
    const newAlarms = createNewAlarms(3, undefined, () => {})
    newAlarms.subscribe(listener)
    for (let id = 1; id <= 5; id++) newAlarms.report([fakeAlarm(id)])
    expect(listener).toHaveBeenCalledTimes(5)

    newAlarms.report([fakeAlarm(5), fakeAlarm(4), fakeAlarm(3)])
    expect(listener).toHaveBeenCalledTimes(5)
    // 1 and 2 were forgotten when 4 and 5 came.
    newAlarms.report([fakeAlarm(1)])
    expect(listener).toHaveBeenCalledTimes(6)
  })

  test('an id seen again counts as seen last, so it is the one kept', () => {
    const listener = vi.fn()
    const newAlarms = createNewAlarms(2, undefined, () => {})
    newAlarms.subscribe(listener)
    newAlarms.report([fakeAlarm(1)])
    newAlarms.report([fakeAlarm(2)])
    newAlarms.remember([fakeAlarm(1)])
    newAlarms.report([fakeAlarm(3)])
    listener.mockClear()

    newAlarms.report([fakeAlarm(1)])
    expect(listener).not.toHaveBeenCalled()
    newAlarms.report([fakeAlarm(2)])
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('removals keep at most maxItems tombstones, the newest', () => {
    let state = list.applyStreamAlarms(list.emptyList, [1, 2, 3, 4].map((id) => fakeAlarm(id)), 10).state
    for (const id of [1, 2, 3, 4]) state = list.applyRemove(state, id, 2).state
    expect([...state.removed]).toEqual(['3', '4'])
    // A late copy of a removal still remembered stays out; one forgotten may come back (the server decides on refresh).
    expect(list.applyStreamAlarms(state, [fakeAlarm(4)], 10).added).toEqual([])
    expect(list.applyStreamAlarms(state, [fakeAlarm(1)], 10).added).toHaveLength(1)
  })
})
