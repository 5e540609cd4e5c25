// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { useAlarmAttention, type UseAlarmAttentionOptions } from '../../src/attention'
import { createTestingAlarms } from '../../src/testing'

function mountWith(options: UseAlarmAttentionOptions, alarms = createTestingAlarms({ alarms: [{ id: 1 }, { id: 2 }, { id: 3 }] })) {
  const Root = defineComponent({
    setup() {
      useAlarmAttention(options)
      return () => h('div')
    },
  })
  return { wrapper: mount(Root, { global: { plugins: [alarms] } }), alarms }
}

afterEach(() => {
  document.title = ''
  vi.unstubAllGlobals()
})

describe('useAlarmAttention', () => {
  it('keeps the count before the title when the app changes it, and restores it at zero', async () => {
    document.title = 'Home'
    const { alarms, wrapper } = mountWith({ title: true })
    await flushPromises()
    expect(document.title).toBe('(3) Home')
    document.title = 'Orders'
    await vi.waitFor(() => expect(document.title).toBe('(3) Orders'))
    await alarms.store.markAllRead()
    await flushPromises()
    expect(document.title).toBe('Orders')
    wrapper.unmount()
  })

  it('clears the title on sign-out and when unmounted', async () => {
    document.title = 'Home'
    const { alarms, wrapper } = mountWith({ title: true })
    await flushPromises()
    alarms.setUser(null)
    await flushPromises()
    expect(document.title).toBe('Home')
    alarms.setUser('other', [{ id: 9 }])
    await flushPromises()
    expect(document.title).toBe('(1) Home')
    wrapper.unmount()
    expect(document.title).toBe('Home')
  })

  it('sets and clears the app badge where the browser has it', async () => {
    const setAppBadge = vi.fn(() => Promise.resolve())
    const clearAppBadge = vi.fn(() => Promise.resolve())
    Object.assign(navigator, { setAppBadge, clearAppBadge })
    const { alarms, wrapper } = mountWith({ appBadge: true })
    await flushPromises()
    expect(setAppBadge).toHaveBeenLastCalledWith(3)
    alarms.publish({ id: 4 })
    await flushPromises()
    expect(setAppBadge).toHaveBeenLastCalledWith(4)
    alarms.setUser(null)
    await flushPromises()
    expect(clearAppBadge).toHaveBeenCalled()
    wrapper.unmount()
    Object.assign(navigator, { setAppBadge: undefined, clearAppBadge: undefined })
  })

  it('adds a favicon while alarms are unread and removes it when none are', async () => {
    const { alarms, wrapper } = mountWith({ favicon: true })
    await flushPromises()
    const icon = () => document.head.querySelector('link[rel~="icon"]')
    // happy-dom has no 2D canvas: the dot cannot be drawn, and the page is left as it was.
    expect(icon()?.getAttribute('href') ?? null).toBe(null)
    await alarms.store.markAllRead()
    await flushPromises()
    expect(icon()).toBe(null)
    wrapper.unmount()
  })

  it('rings once per burst, only after a gesture, only in the tab holding the stream, never while quiet', async () => {
    const oscillators: number[] = []
    class FakeAudioContext {
      state = 'running'
      currentTime = 0
      destination = {}
      createOscillator() {
        oscillators.push(Date.now())
        const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} }
        return { type: '', frequency: param, connect: (next: unknown) => next, start() {}, stop() {} }
      }
      createGain() {
        const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} }
        return { gain: param, connect: (next: unknown) => next }
      }
      resume = () => Promise.resolve()
      close = () => Promise.resolve()
    }
    vi.stubGlobal('AudioContext', FakeAudioContext)
    let quiet = false
    const { alarms, wrapper } = mountWith({ sound: { burstGapMs: 60_000 }, isQuiet: () => quiet })
    await flushPromises()
    alarms.publish({ id: 10 })
    await flushPromises()
    expect(oscillators).toHaveLength(0)
    window.dispatchEvent(new Event('pointerdown'))
    alarms.publish({ id: 11 })
    alarms.publish({ id: 12 })
    await flushPromises()
    // 10 started the burst while audio was locked; 11 and 12 belong to it.
    expect(oscillators).toHaveLength(0)
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 120_000)
    quiet = true
    alarms.publish({ id: 13 })
    await flushPromises()
    expect(oscillators).toHaveLength(0)
    quiet = false
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 240_000)
    alarms.publish({ id: 14 })
    alarms.publish({ id: 15 })
    await flushPromises()
    expect(oscillators).toHaveLength(1)
    alarms.store.$patch({ holdsStream: false })
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 240_000)
    alarms.publish({ id: 16 })
    await flushPromises()
    expect(oscillators).toHaveLength(1)
    wrapper.unmount()
    vi.restoreAllMocks()
  })
})
