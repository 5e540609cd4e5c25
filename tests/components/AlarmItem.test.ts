// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import AlarmItem from '../../src/components/AlarmItem.vue'
import { en } from '../../src/components/labels'
import { alarm } from './store-harness'

describe('AlarmItem', () => {
  it('emits `select` with the click, as the panel and the toasts do', async () => {
    const onSelect = vi.fn()
    const onActivate = vi.fn()
    const wrapper = mount(AlarmItem, { props: { alarm: alarm(1), href: null, relativeTime: 'now', labels: en }, attrs: { onSelect, onActivate } })
    await wrapper.get('[data-alarm-action]').trigger('click')
    expect(onSelect).toHaveBeenCalledTimes(1)
    expect(onSelect.mock.calls[0]?.[0]).toBeInstanceOf(MouseEvent)
    expect(onActivate).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})
