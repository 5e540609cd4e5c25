// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { AlarmToasts } from '../../src/components'
import { AlarmPreferences, useAlarmPreferences, type UseAlarmPreferencesReturn } from '../../src/preferences'
import { createTestingAlarms } from '../../src/testing'

afterEach(() => localStorage.clear())

function mountPreferences(alarms: ReturnType<typeof createTestingAlarms>) {
  let preferences!: UseAlarmPreferencesReturn
  const Root = defineComponent({
    setup() {
      preferences = useAlarmPreferences()
      return () => [h(AlarmPreferences), h(AlarmToasts, { filter: (alarm) => preferences.allows(alarm.type, 'toast') })]
    },
  })
  const wrapper = mount(Root, { attachTo: document.body, global: { plugins: [alarms] } })
  return { wrapper, preferences: () => preferences }
}

describe('useAlarmPreferences and <AlarmPreferences>', () => {
  it('offers a switch per type and channel, and a switched-off toast stays away', async () => {
    const alarms = createTestingAlarms({ user: 'kim', alarms: [{ id: 1, type: 'COMMENT' }, { id: 2, type: 'LIKE' }] })
    const { wrapper } = mountPreferences(alarms)
    await flushPromises()
    const switches = wrapper.findAll('[role="switch"]')
    expect(switches).toHaveLength(6)
    const commentToast = wrapper.get('[data-type="COMMENT"] [data-channel="toast"]')
    expect(commentToast.attributes('aria-checked')).toBe('true')
    await commentToast.trigger('click')
    await flushPromises()
    expect(commentToast.attributes('aria-checked')).toBe('false')
    expect(JSON.parse(localStorage.getItem('vue-sse-alarms:preferences:kim') ?? '{}')).toEqual({ COMMENT: { toast: false } })

    alarms.publish({ id: 3, type: 'COMMENT' })
    alarms.publish({ id: 4, type: 'LIKE' })
    await flushPromises()
    expect(wrapper.findAll('.vsa-toast').map((toast) => toast.attributes('data-alarm-id'))).toEqual(['4'])
    wrapper.unmount()
  })

  it('loads the other user\'s switches after a user switch', async () => {
    localStorage.setItem('vue-sse-alarms:preferences:lee', JSON.stringify({ LIKE: { sound: false } }))
    const alarms = createTestingAlarms({ user: 'kim' })
    const { wrapper, preferences } = mountPreferences(alarms)
    await flushPromises()
    await preferences().set('COMMENT', 'toast', false)
    expect(preferences().allows('LIKE', 'sound')).toBe(true)
    alarms.setUser('lee')
    await flushPromises()
    expect(preferences().allows('LIKE', 'sound')).toBe(false)
    expect(preferences().allows('COMMENT', 'toast')).toBe(true)
    wrapper.unmount()
  })

  it('applies a change made in another tab of the same user at once', async () => {
    const first = mountPreferences(createTestingAlarms({ user: 'kim' }))
    const second = mountPreferences(createTestingAlarms({ user: 'kim' }))
    const stranger = mountPreferences(createTestingAlarms({ user: 'lee' }))
    await flushPromises()
    await first.preferences().set('COMMENT', 'desktop', false)
    await vi.waitFor(() => expect(second.preferences().allows('COMMENT', 'desktop')).toBe(false))
    expect(stranger.preferences().allows('COMMENT', 'desktop')).toBe(true)
    for (const tab of [first, second, stranger]) tab.wrapper.unmount()
  })
})
