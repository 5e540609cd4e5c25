// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import AlarmBell from '../../src/components/AlarmBell.vue'
import { createTestingAlarms } from '../../src/testing'
import { ko } from '../../src/components/labels-ko'

interface Shown {
  title: string
  body: string
  tag: string
  closed: boolean
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function stubNotifications(): Shown[] {
  const shown: Shown[] = []
  class FakeNotification {
    static permission = 'granted'
    onclick: (() => void) | null = null
    private readonly record: Shown
    constructor(title: string, options: { body: string; tag: string }) {
      this.record = { title, body: options.body, tag: options.tag, closed: false }
      shown.push(this.record)
    }
    close() {
      this.record.closed = true
    }
  }
  vi.stubGlobal('Notification', FakeNotification)
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
  return shown
}

describe('<AlarmBell> desktop notifications in a burst', () => {
  it('leaves one notification open per burst, counting it', async () => {
    const shown = stubNotifications()
    const alarms = createTestingAlarms()
    const wrapper = mount(AlarmBell, { props: { notifyWhenHidden: true, notifyGroupWindowMs: 60_000 }, global: { plugins: [alarms] } })
    await flushPromises()
    for (let id = 1; id <= 12; id += 1) alarms.publish({ id, content: `Alarm ${id}` })
    await flushPromises()
    const open = shown.filter((notification) => !notification.closed)
    expect(open).toHaveLength(1)
    expect(open[0]?.body).toBe('12 new alarms')
    expect(shown[0]).toMatchObject({ body: 'Alarm 1', closed: true })
    wrapper.unmount()
  })

  it('counts the burst in the labels given: Korean, or an app text', async () => {
    const bodies: string[] = []
    for (const labels of [ko, { summary: (count: number) => `${count} alarms while away` }]) {
      const shown = stubNotifications()
      const alarms = createTestingAlarms()
      const wrapper = mount(AlarmBell, { props: { notifyWhenHidden: true, notifyGroupWindowMs: 60_000, labels }, global: { plugins: [alarms] } })
      await flushPromises()
      for (let id = 1; id <= 3; id += 1) alarms.publish({ id, content: `Alarm ${id}` })
      await flushPromises()
      bodies.push(...shown.filter((notification) => !notification.closed).map((notification) => notification.body))
      wrapper.unmount()
    }
    expect(bodies).toEqual(['새 알림 3개', '3 alarms while away'])
  })

  it('skips alarms the filter refuses', async () => {
    const shown = stubNotifications()
    const alarms = createTestingAlarms()
    const wrapper = mount(AlarmBell, {
      props: { notifyWhenHidden: true, notifyFilter: (alarm: { type: string }) => alarm.type !== 'LIKE' },
      global: { plugins: [alarms] },
    })
    await flushPromises()
    alarms.publish({ id: 1, type: 'LIKE' })
    alarms.publish({ id: 2, type: 'COMMENT', content: 'A comment' })
    await flushPromises()
    expect(shown.map((notification) => notification.body)).toEqual(['A comment'])
    wrapper.unmount()
  })
})
