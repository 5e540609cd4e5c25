// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import AlarmBell from '../../src/components/AlarmBell.vue'
import AlarmToasts from '../../src/components/AlarmToasts.vue'
import { ko } from '../../src/components/labels-ko'
import { createTestingPinia } from '@pinia/testing'
import { createAlarms } from '../../src/plugin'
import { alarm, createStoreHarness, type StoreState } from './store-harness'
import { mountInBodyPerTest } from '../helpers/mount-in-body'

const mountInBody = mountInBodyPerTest()

function mountBell(state: StoreState = {}, props: Record<string, unknown> = {}, slots: Record<string, string> = {}) {
  const harness = createStoreHarness(state)
  const wrapper = mountInBody(AlarmBell, { props, slots, global: { plugins: harness.plugins } })
  return { wrapper, ...harness }
}

const button = (wrapper: VueWrapper) => wrapper.get('button.vsa-bell__button')
const itemActions = (wrapper: VueWrapper) => wrapper.findAll('[data-alarm-action]')
const flush = async () => {
  await nextTick()
  await nextTick()
}

async function openPanel(wrapper: VueWrapper) {
  await button(wrapper).trigger('click')
  await flush()
}

describe('AlarmBell', () => {
  it('shows the unread count in the badge and the accessible name, capping the badge at 99+', async () => {
    const { wrapper, patch } = mountBell({ unreadCount: 3 })
    await nextTick()
    expect(wrapper.get('.vsa-bell__badge').text()).toBe('3')
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, 3 unread')
    patch({ unreadCount: 150 })
    await nextTick()
    expect(wrapper.get('.vsa-bell__badge').text()).toBe('99+')
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, 150 unread')
    patch({ unreadCount: 0 })
    await nextTick()
    expect(wrapper.find('.vsa-bell__badge').exists()).toBe(false)
  })

  it('leaves the connection to the plugin and store: mounting and unmounting bells never connects or disconnects', () => {
    const { wrapper, store, plugins } = mountBell()
    const second = mount(AlarmBell, { attachTo: document.body, global: { plugins } })
    second.unmount()
    wrapper.unmount()
    expect(store.connect).not.toHaveBeenCalled()
    expect(store.disconnect).not.toHaveBeenCalled()
  })

  it('is lit while there are new alarms and acknowledges them when opened', async () => {
    const { wrapper, store } = mountBell({ items: [alarm(1)], hasNewAlarms: true })
    await nextTick()
    expect(wrapper.classes()).toContain('is-lit')
    expect(button(wrapper).attributes('aria-expanded')).toBe('false')
    await openPanel(wrapper)
    expect(store.acknowledge).toHaveBeenCalled()
    expect(button(wrapper).attributes('aria-expanded')).toBe('true')
    const panel = wrapper.get('[role="dialog"]')
    expect(button(wrapper).attributes('aria-controls')).toBe(panel.attributes('id'))
    expect(panel.attributes('aria-label')).toBe('Alarms')
  })

  it('takes v-model:open: the parent opens it, and a click on the bell asks the parent to close it', async () => {
    const update = vi.fn()
    const { wrapper } = mountBell({ items: [alarm(1)] }, { open: true, 'onUpdate:open': update })
    await flush()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true)
    await button(wrapper).trigger('click')
    expect(update.mock.calls).toEqual([[false]])
    await wrapper.setProps({ open: false })
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })

  it('lists alarms with relative time, unread markers and text-only content under day headings', async () => {
    const items = [alarm(1, { content: '<img src=x onerror=window.__xss=1>' }), alarm(5, { isRead: true, content: 'Older and read' })]
    const { wrapper } = mountBell({ items }, { locale: 'en' })
    await openPanel(wrapper)
    const rows = wrapper.findAll('.vsa-item')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.get('.vsa-item__content').text()).toBe('<img src=x onerror=window.__xss=1>')
    expect(wrapper.find('.vsa-panel img').exists()).toBe(false)
    expect(rows[0]?.get('.vsa-item__time').text()).toBe('1 minute ago')
    expect(rows[0]?.find('.vsa-item__unread').attributes('aria-label')).toBe('Unread')
    expect(rows[1]?.find('.vsa-item__unread').exists()).toBe(false)
    expect(wrapper.findAll('.vsa-panel__day').map((day) => day.text())[0]).toMatch(/^(Today|Yesterday)$/)
  })

  it('marks an item read, emits select, closes and returns focus to the bell', async () => {
    const onSelect = vi.fn()
    const { wrapper, store } = mountBell({ items: [alarm(1), alarm(2)] }, { onSelect })
    await openPanel(wrapper)
    await itemActions(wrapper)[1]?.trigger('click')
    expect(store.markRead).toHaveBeenCalledWith(2)
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }))
    await flush()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(button(wrapper).element)
  })

  it('stays open after a selection with keepOpenOnSelect', async () => {
    const { wrapper } = mountBell({ items: [alarm(1)] }, { onSelect: vi.fn(), keepOpenOnSelect: true })
    await openPanel(wrapper)
    await itemActions(wrapper)[0]?.trigger('click')
    await flush()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true)
  })

  it('links only same-origin urls and follows them without a select listener', async () => {
    const items = [alarm(1, { url: '/posts/1' }), alarm(2, { url: 'javascript:window.__xss=1' }), alarm(3, { url: 'https://evil.example/x' })]
    const { wrapper, store } = mountBell({ items }, { keepOpenOnSelect: true })
    await openPanel(wrapper)
    const actions = itemActions(wrapper)
    expect(actions[0]?.element.tagName).toBe('A')
    expect(actions[0]?.attributes('href')).toBe('/posts/1')
    for (const action of actions.slice(1)) expect(action.attributes('href')).toBeUndefined()
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    await actions[1]?.trigger('click')
    await vi.waitFor(() => expect(store.markRead).toHaveBeenCalledWith(2))
    expect(assign).not.toHaveBeenCalled()
    await actions[0]?.trigger('click')
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/posts/1'))
    assign.mockRestore()
  })

  it('closes on a click outside but not on a click inside', async () => {
    const outside = document.createElement('p')
    document.body.append(outside)
    const { wrapper } = mountBell({ items: [alarm(1)] })
    await openPanel(wrapper)
    wrapper.get('.vsa-panel__title').element.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await nextTick()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true)
    outside.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await nextTick()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })

  it('shows loading, error with retry, empty, reconnecting, offline and signed-out states', async () => {
    const { wrapper, store, patch } = mountBell({ loading: true })
    await openPanel(wrapper)
    expect(wrapper.get('.vsa-panel__state').text()).toBe('Loading…')
    patch({ loading: false, error: { code: 'network', message: 'Network Error' } })
    await nextTick()
    expect(wrapper.get('[role="alert"]').text()).toContain('Alarms could not be loaded.')
    await wrapper.get('.vsa-panel__retry').trigger('click')
    expect(store.refresh).toHaveBeenCalledTimes(1)
    patch({ error: null })
    await nextTick()
    expect(wrapper.get('.vsa-panel__state').text()).toBe('No alarms yet')
    patch({ status: 'retrying' })
    await nextTick()
    expect(wrapper.get('.vsa-panel__banner').text()).toBe('Reconnecting…')
    patch({ status: 'offline' })
    await nextTick()
    expect(wrapper.get('.vsa-panel__banner').text()).toContain('offline')
    patch({ status: 'unauthorized' })
    await nextTick()
    expect(wrapper.get('.vsa-panel__banner').classes()).toContain('is-signed-out')
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, signed out')
    expect(wrapper.attributes('data-status')).toBe('unauthorized')
  })

  it('announces each batch of new alarms through a polite live region', async () => {
    const { wrapper, emitNew } = mountBell({ items: [alarm(2)] })
    const live = wrapper.get('[aria-live="polite"]')
    await flush()
    expect(live.text()).toBe('')
    emitNew([alarm(1, { content: 'Kim commented' })])
    await vi.waitFor(() => expect(live.text()).toBe('New alarm: Kim commented'))
    emitNew([alarm(8), alarm(7)])
    await vi.waitFor(() => expect(live.text()).toBe('2 new alarms'))
  })

  it('leaves announcing to mounted toasts while its panel is closed, and announces again while it is open', async () => {
    const { wrapper, emitNew, plugins } = mountBell({ items: [] })
    mountInBody(AlarmToasts, { global: { plugins } })
    const live = wrapper.get('.vsa-bell__live')
    emitNew([alarm(1, { content: 'shown as a toast' })])
    await flush()
    expect(live.text()).toBe('')
    await openPanel(wrapper)
    emitNew([alarm(2, { content: 'while open' })])
    await vi.waitFor(() => expect(live.text()).toBe('New alarm: while open'))
  })

  it('stops listening for new alarms when unmounted', () => {
    const { wrapper, listenerCount } = mountBell()
    expect(listenerCount()).toBe(1)
    wrapper.unmount()
    expect(listenerCount()).toBe(0)
  })

  it('uses the Korean labels and locale when given', async () => {
    const { wrapper } = mountBell({ items: [alarm(3)], unreadCount: 1 }, { labels: ko, locale: 'ko' })
    await nextTick()
    expect(button(wrapper).attributes('aria-label')).toBe('알림, 읽지 않음 1개')
    await openPanel(wrapper)
    expect(wrapper.get('.vsa-item__time').text()).toBe('3분 전')
    expect(wrapper.get('.vsa-panel__mark-all').text()).toBe('모두 읽음으로 표시')
    expect(wrapper.findAll('[role="tab"]').map((tab) => tab.text())).toEqual(['전체1', '읽지 않음1'])
    expect(wrapper.get('.vsa-panel__day').text()).toMatch(/^(오늘|어제)$/)
  })

  it('renders the icon, item and empty slots', async () => {
    const slots = {
      icon: '<span class="custom-icon">{{ params.unreadCount }}</span>',
      item: '<strong class="custom-item">{{ params.alarm.content }} ({{ params.relativeTime }})</strong>',
      empty: '<em class="custom-empty">Nothing here</em>',
    }
    const { wrapper, patch } = mountBell({ items: [alarm(1)], unreadCount: 1 }, {}, slots)
    await nextTick()
    expect(wrapper.get('.custom-icon').text()).toBe('1')
    await openPanel(wrapper)
    expect(wrapper.get('.custom-item').text()).toBe('Alarm 1 (1 minute ago)')
    expect(wrapper.find('[data-alarm-action] .custom-item').exists()).toBe(true)
    patch({ items: [] })
    await nextTick()
    expect(wrapper.get('.custom-empty').text()).toBe('Nothing here')
  })

  it('offers desktop notifications only behind a button when notifyWhenHidden is on', async () => {
    const requestPermission = vi.fn(async () => 'granted' as NotificationPermission)
    vi.stubGlobal('Notification', Object.assign(function Notification() {}, { permission: 'default', requestPermission }))
    try {
      const plain = mountBell({ items: [alarm(1)] })
      await openPanel(plain.wrapper)
      expect(plain.wrapper.find('.vsa-panel__notify').exists()).toBe(false)
      const { wrapper } = mountBell({ items: [alarm(1)] }, { notifyWhenHidden: true })
      expect(requestPermission).not.toHaveBeenCalled()
      await openPanel(wrapper)
      await wrapper.get('.vsa-panel__notify').trigger('click')
      expect(requestPermission).toHaveBeenCalledTimes(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('when the session ends, empties its live region, closes its panel and the desktop notifications it showed', async () => {
    const opened: Array<{ tag: string; closed: boolean }> = []
    class RecordingNotification {
      static permission: NotificationPermission = 'granted'
      onclick: (() => void) | null = null
      onclose: (() => void) | null = null
      record: { tag: string; closed: boolean }
      constructor(_title: string, options: NotificationOptions) {
        this.record = { tag: options.tag ?? '', closed: false }
        opened.push(this.record)
      }
      close() {
        this.record.closed = true
        this.onclose?.()
      }
    }
    vi.stubGlobal('Notification', RecordingNotification)
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    try {
      const { wrapper, emitNew, endSession } = mountBell({ items: [alarm(1)], holdsStream: true } as StoreState, { notifyWhenHidden: true })
      await openPanel(wrapper)
      emitNew([alarm(2, { content: 'For user 11' }), alarm(3)])
      emitNew([alarm(4, { content: 'For user 11 again' })])
      const live = wrapper.get('.vsa-bell__live')
      await vi.waitFor(() => expect(live.text()).toBe('New alarm: For user 11 again'))
      expect(opened.map((entry) => entry.tag)).toEqual(['vue-sse-alarms:2', 'vue-sse-alarms:3', 'vue-sse-alarms:4'])
      expect(wrapper.find('[role="dialog"]').exists()).toBe(true)

      emitNew([alarm(5, { content: 'Still queued for the live region' })])
      endSession()
      await flush()
      expect(live.text()).toBe('')
      expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
      expect(button(wrapper).attributes('aria-expanded')).toBe('false')
      expect(opened.map((entry) => entry.closed)).toEqual([true, true, true, true])
    } finally {
      visibility.mockRestore()
      vi.unstubAllGlobals()
    }
  })
})

describe('AlarmBell in an app of its own component tests', () => {
  it('shows the state given to createTestingPinia and unmounts with the store actions stubbed', () => {
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { alarms: { unreadCount: 3 } } })
    const wrapper = mount(AlarmBell, { attachTo: document.body, global: { plugins: [pinia, createAlarms({ autoConnect: false })] } })
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, 3 unread')
    expect(() => wrapper.unmount()).not.toThrow()
  })
})
