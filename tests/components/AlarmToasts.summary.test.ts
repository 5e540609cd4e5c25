// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import AlarmToasts from '../../src/components/AlarmToasts.vue'
import { createTestingAlarms } from '../../src/testing'
import { ko } from '../../src/components/labels-ko'

async function mountToasts(props: Record<string, unknown> = {}) {
  const alarms = createTestingAlarms()
  const wrapper = mount(AlarmToasts, { props: { max: 3, groupWindowMs: 3000, ...props }, attachTo: document.body, global: { plugins: [alarms] } })
  await flushPromises()
  return { wrapper, alarms }
}

describe('<AlarmToasts> summary', () => {
  it('shows at most max toasts of a burst of 50, then one summary instead', async () => {
    const onSummarySelect = vi.fn()
    const { wrapper, alarms } = await mountToasts({ onSummarySelect })
    let mostToasts = 0
    for (let id = 1; id <= 50; id += 1) {
      alarms.publish({ id })
      await flushPromises()
      mostToasts = Math.max(mostToasts, wrapper.findAll('.vsa-toast[data-alarm-id]').length)
    }
    expect(mostToasts).toBe(3)
    expect(wrapper.findAll('.vsa-toast[data-alarm-id]')).toHaveLength(0)
    expect(wrapper.findAll('[data-summary]')).toHaveLength(1)
    expect(wrapper.get('.vsa-toast__summary').text()).toBe('50 new alarms')
    await wrapper.get('.vsa-toast__summary').trigger('click')
    expect(onSummarySelect).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-summary]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps single toasts for a burst within max', async () => {
    const { wrapper, alarms } = await mountToasts()
    alarms.publish({ id: 1 })
    alarms.publish({ id: 2 })
    await flushPromises()
    expect(wrapper.findAll('.vsa-toast[data-alarm-id]')).toHaveLength(2)
    expect(wrapper.find('[data-summary]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the backlog the app hands in (quiet hours) as one summary', async () => {
    const onSummaryDismiss = vi.fn()
    const { wrapper } = await mountToasts({ onSummaryDismiss, summary: 12, summaryText: (count: number) => `${count} while you were away` })
    expect(wrapper.get('.vsa-toast__summary').text()).toBe('12 while you were away')
    await wrapper.get('[data-summary] .vsa-toast__dismiss').trigger('click')
    expect(onSummaryDismiss).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('counts in the labels given when no summaryText is', async () => {
    const { wrapper } = await mountToasts({ summary: 12, labels: ko })
    expect(wrapper.get('.vsa-toast__summary').text()).toBe('새 알림 12개')
    await wrapper.setProps({ labels: { summary: (count: number) => `${count} more` } })
    expect(wrapper.get('.vsa-toast__summary').text()).toBe('12 more')
    wrapper.unmount()
  })
})
