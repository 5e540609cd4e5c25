// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { useAlarmQuietHours, type UseAlarmQuietHoursReturn } from '../../src/quiet'
import { createTestingAlarms } from '../../src/testing'

function mountQuiet(alarms = createTestingAlarms()) {
  let quiet!: UseAlarmQuietHoursReturn
  const Root = defineComponent({
    setup() {
      quiet = useAlarmQuietHours()
      return () => h('div')
    },
  })
  const wrapper = mount(Root, { global: { plugins: [alarms] } })
  return { wrapper, alarms, quiet: () => quiet }
}

describe('useAlarmQuietHours', () => {
  it('lets the badge count on while quiet and sums the backlog up once at the end', async () => {
    const { wrapper, alarms, quiet } = mountQuiet()
    await flushPromises()
    quiet().doNotDisturb.value = true
    expect(quiet().quiet.value).toBe(true)
    for (let id = 1; id <= 5; id += 1) alarms.publish({ id })
    await flushPromises()
    expect(alarms.store.unreadCount).toBe(5)
    expect(quiet().summary.value).toBe(null)
    quiet().doNotDisturb.value = false
    await flushPromises()
    expect(quiet().summary.value).toEqual({ count: 5 })
    quiet().dismissSummary()
    expect(quiet().summary.value).toBe(null)
    wrapper.unmount()
  })

  it('is quiet inside the daily window', async () => {
    const now = new Date()
    const pad = (n: number) => String(n).padStart(2, '0')
    const inOneHour = new Date(now.getTime() + 3_600_000)
    const window = { from: `${pad(now.getHours())}:${pad(now.getMinutes())}`, to: `${pad(inOneHour.getHours())}:${pad(inOneHour.getMinutes())}` }
    const { wrapper, quiet } = mountQuiet()
    expect(quiet().quiet.value).toBe(false)
    quiet().schedule.value = window
    expect(quiet().quiet.value).toBe(true)
    quiet().schedule.value = null
    expect(quiet().quiet.value).toBe(false)
    wrapper.unmount()
  })

  it('forgets the backlog when another user signs in', async () => {
    const { wrapper, alarms, quiet } = mountQuiet()
    await flushPromises()
    quiet().doNotDisturb.value = true
    alarms.publish({ id: 1 })
    await flushPromises()
    alarms.setUser('other')
    await flushPromises()
    quiet().doNotDisturb.value = false
    await flushPromises()
    expect(quiet().summary.value).toBe(null)
    wrapper.unmount()
  })
})
