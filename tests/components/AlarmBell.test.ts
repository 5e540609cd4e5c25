// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { getActivePinia } from 'pinia'
import type { Alarm } from '../../src/alarms/types'
import { useAlarmsStore } from '../../src/store'
import { createAlarms } from '../../src/plugin'
import AlarmBell from '../../src/components/AlarmBell.vue'
import { ko } from '../../src/components/labels'

const minutesAgo = (minutes: number) => {
  const date = new Date(Date.now() - minutes * 60_000)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  // Zone-less, as Spring's LocalDateTime serializes.
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.000`
}

function alarm(id: number, overrides: Partial<Alarm> = {}): Alarm {
  return { id, type: 'COMMENT', content: `Alarm ${id}`, url: `/posts/${id}`, isRead: false, createdAt: minutesAgo(id), ...overrides }
}

type StoreState = Partial<{
  items: Alarm[]
  unreadCount: number
  hasNewAlarms: boolean
  status: string
  error: { code: string; message: string; status?: number } | null
  loading: boolean
  hasMore: boolean
}>

const wrappers: VueWrapper[] = []

function mountBell(state: StoreState = {}, props: Record<string, unknown> = {}, slots: Record<string, string> = {}) {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: true })
  const wrapper = mount(AlarmBell, { props, slots, attachTo: document.body, global: { plugins: [pinia, createAlarms({ getToken: () => null, autoConnect: false })] } })
  const store = useAlarmsStore()
  store.$patch({ items: [], hasNewAlarms: false, status: 'open', error: null, loading: false, hasMore: false, ...state } as never)
  setUnread(store, state.unreadCount ?? (state.items ?? []).filter((item) => !item.isRead).length)
  wrappers.push(wrapper)
  return { wrapper, store }
}

/** `unreadCount` may be state or a getter; the testing pinia lets tests write either. */
function setUnread(store: ReturnType<typeof useAlarmsStore>, count: number) {
  ;(store as unknown as { unreadCount: number }).unreadCount = count
}

const button = (wrapper: VueWrapper) => wrapper.get('button.vsa-bell__button')
const itemActions = (wrapper: VueWrapper) => wrapper.findAll('[data-alarm-action]')

async function openPanel(wrapper: VueWrapper) {
  await button(wrapper).trigger('click')
  await nextTick()
  await nextTick()
}

afterEach(() => {
  while (wrappers.length > 0) wrappers.pop()?.unmount()
  document.body.innerHTML = ''
})

describe('AlarmBell', () => {
  it('shows the unread count in the badge and the accessible name, capping the badge at 99+', async () => {
    const { wrapper, store } = mountBell({ unreadCount: 3 })
    await nextTick()
    expect(wrapper.get('.vsa-bell__badge').text()).toBe('3')
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, 3 unread')

    setUnread(store, 150)
    await nextTick()
    expect(wrapper.get('.vsa-bell__badge').text()).toBe('99+')
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, 150 unread')

    setUnread(store, 0)
    await nextTick()
    expect(wrapper.find('.vsa-bell__badge').exists()).toBe(false)
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, 0 unread')
  })

  it('connects on mount and disconnects on unmount unless autoConnect is off', async () => {
    const { wrapper, store } = mountBell()
    expect(store.connect).toHaveBeenCalledTimes(1)
    wrapper.unmount()
    wrappers.pop()
    expect(store.disconnect).toHaveBeenCalledTimes(1)

    const manual = mountBell({}, { autoConnect: false })
    expect(manual.store.connect).not.toHaveBeenCalled()
  })

  it('keeps the stream while another bell on the same store is still mounted', () => {
    const { wrapper: first, store } = mountBell()
    const second = mount(AlarmBell, { attachTo: document.body, global: { plugins: [getActivePinia()!, createAlarms({ getToken: () => null, autoConnect: false })] } })
    wrappers.push(second)
    first.unmount()
    wrappers.splice(wrappers.indexOf(first), 1)
    expect(store.disconnect).not.toHaveBeenCalled()
    second.unmount()
    wrappers.splice(wrappers.indexOf(second), 1)
    expect(store.disconnect).toHaveBeenCalledTimes(1)
  })

  it('is lit while there are new alarms and acknowledges them when opened', async () => {
    const { wrapper, store } = mountBell({ items: [alarm(1)], hasNewAlarms: true })
    await nextTick()
    expect(wrapper.classes()).toContain('is-lit')
    expect(button(wrapper).attributes('data-lit')).toBe('true')
    expect(button(wrapper).attributes('aria-expanded')).toBe('false')

    await openPanel(wrapper)
    expect(store.acknowledge).toHaveBeenCalled()
    expect(button(wrapper).attributes('aria-expanded')).toBe('true')
    const panel = wrapper.get('[role="dialog"]')
    expect(button(wrapper).attributes('aria-controls')).toBe(panel.attributes('id'))
    expect(panel.attributes('aria-label')).toBe('Alarms')
  })

  it('lists alarms newest first with relative time, unread markers and text-only content', async () => {
    const items = [
      alarm(1, { content: '<img src=x onerror=window.__xss=1>' }),
      alarm(5, { isRead: true, content: 'Older and read' }),
    ]
    const { wrapper } = mountBell({ items }, { locale: 'en' })
    await openPanel(wrapper)
    const rows = wrapper.findAll('.vsa-item')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.get('.vsa-item__content').text()).toBe('<img src=x onerror=window.__xss=1>')
    expect(wrapper.find('.vsa-panel img').exists()).toBe(false)
    expect(rows[0]?.get('.vsa-item__time').text()).toBe('1 minute ago')
    expect(rows[1]?.get('.vsa-item__time').text()).toBe('5 minutes ago')
    expect(rows[0]?.find('.vsa-item__unread').attributes('aria-label')).toBe('Unread')
    expect(rows[1]?.find('.vsa-item__unread').exists()).toBe(false)
  })

  it('marks an item read and emits select with the alarm on click', async () => {
    const onSelect = vi.fn()
    const { wrapper, store } = mountBell({ items: [alarm(1), alarm(2)] }, { onSelect })
    await openPanel(wrapper)
    await itemActions(wrapper)[1]?.trigger('click')
    expect(store.markRead).toHaveBeenCalledWith(2)
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }))
  })

  it('links only same-origin urls and never renders a javascript: or foreign url as a link', async () => {
    const items = [
      alarm(1, { url: '/posts/1' }),
      alarm(2, { url: 'javascript:window.__xss=1' }),
      alarm(3, { url: 'https://evil.example/x' }),
      alarm(4, { url: '//evil.example/x' }),
    ]
    const { wrapper, store } = mountBell({ items })
    await openPanel(wrapper)
    const actions = itemActions(wrapper)
    expect(actions[0]?.element.tagName).toBe('A')
    expect(actions[0]?.attributes('href')).toBe('/posts/1')
    for (const action of actions.slice(1)) {
      expect(action.element.tagName).toBe('BUTTON')
      expect(action.attributes('href')).toBeUndefined()
    }
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    await actions[1]?.trigger('click')
    await vi.waitFor(() => expect(store.markRead).toHaveBeenCalledWith(2))
    expect(assign).not.toHaveBeenCalled()
    await actions[0]?.trigger('click')
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/posts/1'))
    assign.mockRestore()
  })

  it('moves focus with the arrow keys, closes on Escape and returns focus to the bell', async () => {
    const { wrapper } = mountBell({ items: [alarm(1), alarm(2), alarm(3)] })
    await openPanel(wrapper)
    const actions = itemActions(wrapper)
    expect(document.activeElement).toBe(actions[0]?.element)
    expect(actions.map((action) => action.attributes('tabindex'))).toEqual(['0', '-1', '-1'])

    await actions[0]?.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(actions[1]?.element)
    await actions[1]?.trigger('keydown', { key: 'ArrowDown' })
    await actions[2]?.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(actions[2]?.element)
    await actions[2]?.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(actions[1]?.element)
    await actions[1]?.trigger('keydown', { key: 'Home' })
    expect(document.activeElement).toBe(actions[0]?.element)

    await actions[0]?.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(button(wrapper).element)
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

  it('marks all as read and loads more from the accessible button', async () => {
    const { wrapper, store } = mountBell({ items: [alarm(1), alarm(2)], hasMore: true })
    await openPanel(wrapper)
    await wrapper.get('.vsa-panel__mark-all').trigger('click')
    expect(store.markAllRead).toHaveBeenCalledTimes(1)
    await wrapper.get('.vsa-panel__load-more').trigger('click')
    expect(store.loadMore).toHaveBeenCalledTimes(1)

    store.$patch({ hasMore: false } as never)
    await nextTick()
    expect(wrapper.find('.vsa-panel__load-more').exists()).toBe(false)
  })

  it('shows loading, error with retry, empty, reconnecting, offline and signed-out states', async () => {
    const { wrapper, store } = mountBell({ loading: true })
    await openPanel(wrapper)
    expect(wrapper.get('.vsa-panel__state').text()).toBe('Loading…')

    store.$patch({ loading: false, error: { code: 'network', message: 'Network Error' } } as never)
    await nextTick()
    expect(wrapper.get('[role="alert"]').text()).toContain('Alarms could not be loaded.')
    await wrapper.get('.vsa-panel__retry').trigger('click')
    expect(store.refresh).toHaveBeenCalledTimes(1)

    store.$patch({ error: null } as never)
    await nextTick()
    expect(wrapper.get('.vsa-panel__state').text()).toBe('No alarms yet')

    store.$patch({ status: 'retrying' } as never)
    await nextTick()
    expect(wrapper.get('.vsa-panel__banner').text()).toBe('Reconnecting…')
    store.$patch({ status: 'offline' } as never)
    await nextTick()
    expect(wrapper.get('.vsa-panel__banner').text()).toContain('offline')

    store.$patch({ status: 'unauthorized' } as never)
    await nextTick()
    expect(wrapper.get('.vsa-panel__banner').classes()).toContain('is-signed-out')
    expect(button(wrapper).attributes('aria-label')).toBe('Alarms, signed out')
    expect(wrapper.attributes('data-status')).toBe('unauthorized')
  })

  it('announces each new alarm once through a polite live region, never the first list', async () => {
    const { wrapper, store } = mountBell({ items: [alarm(2), alarm(3)] })
    await nextTick()
    const live = wrapper.get('[aria-live="polite"]')
    await nextTick()
    expect(live.text()).toBe('')

    store.$patch({ items: [alarm(1, { content: 'Kim commented' }), alarm(2), alarm(3)], hasNewAlarms: true } as never)
    await vi.waitFor(() => expect(live.text()).toBe('New alarm: Kim commented'))

    store.$patch({ items: [alarm(1, { content: 'Kim commented', isRead: true }), alarm(2), alarm(3)] } as never)
    await nextTick()
    await nextTick()
    expect(live.text()).toBe('New alarm: Kim commented')

    // An older page appended while alarms are flagged new is still not announced.
    store.$patch({ items: [alarm(1, { content: 'Kim commented', isRead: true }), alarm(2), alarm(3), alarm(4)] } as never)
    await nextTick()
    await nextTick()
    expect(live.text()).toBe('New alarm: Kim commented')

    store.$patch({ items: [alarm(8), alarm(7), alarm(1), alarm(2), alarm(3), alarm(4)] } as never)
    await vi.waitFor(() => expect(live.text()).toBe('2 new alarms'))
  })

  it('uses the Korean labels and locale when given', async () => {
    const { wrapper } = mountBell({ items: [alarm(3)], unreadCount: 1 }, { labels: ko, locale: 'ko' })
    await nextTick()
    expect(button(wrapper).attributes('aria-label')).toBe('알림, 읽지 않음 1개')
    await openPanel(wrapper)
    expect(wrapper.get('.vsa-item__time').text()).toBe('3분 전')
    expect(wrapper.get('.vsa-panel__mark-all').text()).toBe('모두 읽음으로 표시')
  })

  it('renders the icon, item and empty slots', async () => {
    const slots = {
      icon: '<span class="custom-icon">{{ params.unreadCount }}</span>',
      item: '<strong class="custom-item">{{ params.alarm.content }} ({{ params.relativeTime }})</strong>',
      empty: '<em class="custom-empty">Nothing here</em>',
    }
    const { wrapper, store } = mountBell({ items: [alarm(1)], unreadCount: 1 }, {}, slots)
    await nextTick()
    expect(wrapper.get('.custom-icon').text()).toBe('1')
    await openPanel(wrapper)
    expect(wrapper.get('.custom-item').text()).toBe('Alarm 1 (1 minute ago)')
    // The slot content stays inside the focusable item, so keyboard handling still applies.
    expect(wrapper.find('[data-alarm-action] .custom-item').exists()).toBe(true)
    store.$patch({ items: [] } as never)
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
})
