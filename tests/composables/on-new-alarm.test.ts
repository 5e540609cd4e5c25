// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { onNewAlarm } from '../../src/composables/on-new-alarm'
import { alarm, createStoreHarness } from '../components/store-harness'

describe('onNewAlarm', () => {
  it('calls the handler once per new alarm, and stops when the component unmounts', () => {
    const { plugins, emitNew, listenerCount } = createStoreHarness()
    const handler = vi.fn()
    const wrapper = mount(
      defineComponent(() => {
        onNewAlarm(handler)
        return () => h('p')
      }),
      { global: { plugins } },
    )
    emitNew([alarm(2), alarm(1)])
    expect(handler.mock.calls.map(([item]) => item.id)).toEqual([2, 1])
    wrapper.unmount()
    expect(listenerCount()).toBe(0)
    emitNew([alarm(3)])
    expect(handler).toHaveBeenCalledTimes(2)
  })

  it('returns a function that stops it earlier', () => {
    const { plugins, emitNew } = createStoreHarness()
    const handler = vi.fn()
    let stop = () => {}
    mount(
      defineComponent(() => {
        stop = onNewAlarm(handler)
        return () => h('p')
      }),
      { global: { plugins } },
    )
    stop()
    emitNew([alarm(1)])
    expect(handler).not.toHaveBeenCalled()
  })

  it('unmounts cleanly when the store actions are stubbed, as createTestingPinia does', () => {
    const { plugins, store } = createStoreHarness()
    vi.mocked(store.subscribeNewAlarms).mockReturnValue(undefined as never)
    const wrapper = mount(
      defineComponent(() => {
        onNewAlarm(vi.fn())
        return () => h('p')
      }),
      { global: { plugins } },
    )
    expect(() => wrapper.unmount()).not.toThrow()
  })
})
