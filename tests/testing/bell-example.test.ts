// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { AlarmBell } from 'vue-sse-alarms'
import { createTestingAlarms } from 'vue-sse-alarms/testing'

describe('the header bell', () => {
  it('shows three unread alarms', async () => {
    const alarms = createTestingAlarms({
      alarms: [
        { id: 3, content: 'Kim replied to your post' },
        { id: 2, content: 'Lee liked your comment' },
        { id: 1, content: 'Your export is ready' },
      ],
    })
    const wrapper = mount(AlarmBell, { global: { plugins: [alarms] } })
    await flushPromises()
    expect(wrapper.get('button').attributes('aria-label')).toContain('3 unread')
  })

  it('counts a live arrival', async () => {
    const alarms = createTestingAlarms({ alarms: [{ id: 1 }] })
    const wrapper = mount(AlarmBell, { global: { plugins: [alarms] } })
    await flushPromises()
    alarms.publish({ id: 2, type: 'COMMENT', content: 'New comment' })
    await flushPromises()
    expect(alarms.store.unreadCount).toBe(2)
    expect(wrapper.get('button').attributes('aria-label')).toContain('2 unread')
  })

  it('tells when the connection is being re-established', async () => {
    const alarms = createTestingAlarms()
    const wrapper = mount(AlarmBell, { attachTo: document.body, global: { plugins: [alarms] } })
    await flushPromises()
    alarms.setStatus('retrying')
    await wrapper.get('button').trigger('click')
    expect(document.body.textContent).toContain('Reconnecting…')
    alarms.fail('Service unavailable')
    expect(alarms.store.status).toBe('closed')
    expect(alarms.store.error?.message).toBe('Service unavailable')
    wrapper.unmount()
  })
})
