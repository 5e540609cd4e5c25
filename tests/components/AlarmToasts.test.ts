// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import AlarmBell from '../../src/components/AlarmBell.vue'
import AlarmToasts from '../../src/components/AlarmToasts.vue'
import { alarm, createStoreHarness } from './store-harness'
import { mountInBodyPerTest } from '../helpers/mount-in-body'

afterEach(() => {
  vi.restoreAllMocks()
})
const mountInBody = mountInBodyPerTest({ fakeTimers: true })

function mountToasts(props: Record<string, unknown> = {}, slots: Record<string, string> = {}) {
  const harness = createStoreHarness()
  const wrapper = mountInBody(AlarmToasts, { props, slots, global: { plugins: harness.plugins } })
  return { wrapper, ...harness }
}

/** Past the leave transition, after which a closed toast is gone from the DOM. */
const afterLeave = () => vi.advanceTimersByTimeAsync(500)
const texts = (wrapper: VueWrapper) => wrapper.findAll('.vsa-toast__content').map((node) => node.text())

describe('AlarmToasts', () => {
  it('shows each new alarm as a toast, newest first, in a polite live region', async () => {
    const { wrapper, emitNew } = mountToasts()
    const region = wrapper.get('section')
    expect(region.attributes('aria-live')).toBe('polite')
    expect(region.attributes('aria-label')).toBe('New alarms')
    emitNew([alarm(1, { content: 'First' })])
    emitNew([alarm(2, { content: 'Second' })])
    await nextTick()
    expect(texts(wrapper)).toEqual(['Second', 'First'])
  })

  it('keeps at most `max` toasts, dropping the oldest', async () => {
    const { wrapper, emitNew } = mountToasts({ max: 2 })
    emitNew([alarm(1), alarm(2), alarm(3)])
    await nextTick()
    expect(texts(wrapper)).toEqual(['Alarm 3', 'Alarm 2'])
  })

  it('shows an alarm once even when it is reported twice', async () => {
    const { wrapper, emitNew } = mountToasts()
    emitNew([alarm(1)])
    emitNew([{ ...alarm(1), id: '1' }])
    await nextTick()
    expect(texts(wrapper)).toEqual(['Alarm 1'])
  })

  it('shows nothing while the tab is hidden, for read alarms, or while a panel is open', async () => {
    const { wrapper, emitNew, plugins } = mountToasts()
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    emitNew([alarm(1)])
    visibility.mockReturnValue('visible')
    emitNew([alarm(2, { isRead: true })])
    const bell = mountInBody(AlarmBell, { props: { open: true }, global: { plugins } })
    await nextTick()
    emitNew([alarm(3)])
    await nextTick()
    expect(texts(wrapper)).toEqual([])
    await bell.setProps({ open: false })
    emitNew([alarm(4)])
    await nextTick()
    expect(texts(wrapper)).toEqual(['Alarm 4'])
  })

  it('clears its toasts when a panel opens, which lists the same alarms', async () => {
    const { wrapper, emitNew, plugins } = mountToasts()
    emitNew([alarm(1)])
    await nextTick()
    expect(texts(wrapper)).toEqual(['Alarm 1'])
    mountInBody(AlarmBell, { props: { open: true }, global: { plugins } })
    await nextTick()
    await afterLeave()
    expect(texts(wrapper)).toEqual([])
  })

  it('dismisses itself after `duration`, but not while hovered or focused', async () => {
    const { wrapper, emitNew } = mountToasts({ duration: 1000 })
    emitNew([alarm(1)])
    await nextTick()
    await vi.advanceTimersByTimeAsync(600)
    await wrapper.get('section').trigger('pointerenter')
    await vi.advanceTimersByTimeAsync(5000)
    expect(texts(wrapper)).toEqual(['Alarm 1'])
    await wrapper.get('section').trigger('pointerleave')
    await vi.advanceTimersByTimeAsync(300)
    expect(texts(wrapper)).toEqual(['Alarm 1'])

    await wrapper.get('.vsa-toast__dismiss').trigger('focusin')
    await vi.advanceTimersByTimeAsync(5000)
    expect(texts(wrapper)).toEqual(['Alarm 1'])
    await wrapper.get('.vsa-toast__dismiss').trigger('focusout', { relatedTarget: document.body })
    await vi.advanceTimersByTimeAsync(150)
    expect(texts(wrapper)).toEqual([])
  })

  it.each([6000, 0])('drops every toast and its timer at once when the session ends (duration %i)', async (duration) => {
    const { wrapper, emitNew, endSession } = mountToasts({ duration })
    emitNew([alarm(1, { content: 'For user 11' }), alarm(2, { content: 'Also for user 11' })])
    await nextTick()
    expect(texts(wrapper)).toEqual(['Also for user 11', 'For user 11'])
    endSession()
    // Gone from the DOM on the next render, with no leave transition.
    await nextTick()
    expect(texts(wrapper)).toEqual([])
    expect(wrapper.findAll('.vsa-toast')).toHaveLength(0)
    // No dismiss timer left behind to fire into the next session.
    await vi.advanceTimersByTimeAsync(300)
    expect(vi.getTimerCount()).toBe(0)
    // The next user's alarms show as usual.
    emitNew([alarm(3, { content: 'For user 12' })])
    await nextTick()
    expect(texts(wrapper)).toEqual(['For user 12'])
  })

  it('closes from the dismiss button without marking anything read', async () => {
    const { wrapper, emitNew, store } = mountToasts({ duration: 0 })
    emitNew([alarm(1)])
    await nextTick()
    await vi.advanceTimersByTimeAsync(60_000)
    const dismiss = wrapper.get('.vsa-toast__dismiss')
    expect(dismiss.attributes('aria-label')).toBe('Dismiss')
    await dismiss.trigger('click')
    await afterLeave()
    expect(texts(wrapper)).toEqual([])
    expect(store.markRead).not.toHaveBeenCalled()
  })

  it('selects on click: marks read, hands the alarm to @select and closes the toast', async () => {
    const onSelect = vi.fn()
    const { wrapper, emitNew, store } = mountToasts({ onSelect })
    emitNew([alarm(7, { url: '/posts/7' })])
    await nextTick()
    const action = wrapper.get('.vsa-toast__action')
    expect(action.attributes('href')).toBe('/posts/7')
    await action.trigger('click')
    expect(store.markRead).toHaveBeenCalledWith(7)
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 7 }))
    await afterLeave()
    expect(texts(wrapper)).toEqual([])
  })

  it('follows a same-origin url without a listener, never a javascript: one', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    const { wrapper, emitNew } = mountToasts()
    emitNew([alarm(1, { url: 'javascript:alert(1)', content: 'bad' }), alarm(2, { url: '/posts/2', content: 'good' })])
    await nextTick()
    const [good, bad] = wrapper.findAll('.vsa-toast__action')
    expect(bad?.attributes('href')).toBeUndefined()
    await bad?.trigger('click')
    await good?.trigger('click')
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/posts/2'))
    expect(assign).toHaveBeenCalledTimes(1)
  })

  it('renders custom content from the default slot, as text', async () => {
    const { wrapper, emitNew } = mountToasts({}, { default: '<button class="mine" @click="params.select()">{{ params.alarm.content }}!</button>' })
    emitNew([alarm(1, { content: '<b>bold</b>' })])
    await nextTick()
    expect(wrapper.get('.mine').text()).toBe('<b>bold</b>!')
    expect(wrapper.find('b').exists()).toBe(false)
    expect(wrapper.find('.vsa-toast__dismiss').exists()).toBe(true)
  })
})
