// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import AlarmBell from '../../src/components/AlarmBell.vue'
import { alarm, createStoreHarness, type StoreState } from './store-harness'
import { mountInBodyPerTest } from '../helpers/mount-in-body'

const mountInBody = mountInBodyPerTest()

async function openBell(state: StoreState, props: Record<string, unknown> = {}) {
  const harness = createStoreHarness(state)
  const wrapper = mountInBody(AlarmBell, { props, global: { plugins: harness.plugins } })
  await wrapper.get('button.vsa-bell__button').trigger('click')
  await flush()
  await windowFilled()
  return { wrapper, ...harness }
}

/** The panel renders a screenful first and the rest of its window after that frame is painted. */
const windowFilled = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))

async function flush() {
  await nextTick()
  await nextTick()
}

/** Lets the MutationObserver and timers that keep focus inside the panel run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10))

const tabs = (wrapper: VueWrapper) => wrapper.findAll('[role="tab"]')
const contents = (wrapper: VueWrapper) => wrapper.findAll('.vsa-item__content').map((node) => node.text())

describe('the panel filters', () => {
  it('offers "All" and "Unread" tabs with counts, and "Unread" lists only unread alarms', async () => {
    const items = [alarm(1), alarm(2, { isRead: true }), alarm(3)]
    const { wrapper } = await openBell({ items, totalCount: 40 })
    expect(tabs(wrapper).map((tab) => tab.text())).toEqual(['All40', 'Unread2'])
    expect(wrapper.get('[role="tablist"]').attributes('aria-label')).toBe('Filter alarms')
    const panel = wrapper.get('[role="tabpanel"]')
    expect(panel.attributes('aria-labelledby')).toBe(tabs(wrapper)[0]?.attributes('id'))
    expect(contents(wrapper)).toEqual(['Alarm 1', 'Alarm 2', 'Alarm 3'])

    await tabs(wrapper)[1]?.trigger('click')
    expect(tabs(wrapper)[1]?.attributes('aria-selected')).toBe('true')
    expect(contents(wrapper)).toEqual(['Alarm 1', 'Alarm 3'])
    expect(panel.attributes('aria-labelledby')).toBe(tabs(wrapper)[1]?.attributes('id'))
  })

  it('moves between tabs with the arrow keys, selecting as it goes', async () => {
    const { wrapper } = await openBell({ items: [alarm(1, { isRead: true })] })
    await tabs(wrapper)[0]?.trigger('keydown', { key: 'ArrowRight' })
    expect(tabs(wrapper)[1]?.attributes('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(tabs(wrapper)[1]?.element)
    expect(tabs(wrapper).map((tab) => tab.attributes('tabindex'))).toEqual(['-1', '0'])
    expect(wrapper.get('.vsa-panel__state').text()).toBe('No unread alarms')
    await tabs(wrapper)[1]?.trigger('keydown', { key: 'ArrowRight' })
    expect(tabs(wrapper)[0]?.attributes('aria-selected')).toBe('true')
  })

  it('asks the store for more unread alarms when more are unread than held', async () => {
    const { wrapper, store } = await openBell({ items: [alarm(1, { isRead: true })], unreadCount: 4 })
    await tabs(wrapper)[1]?.trigger('click')
    expect(wrapper.find('.vsa-panel__state.is-empty').exists()).toBe(false)
    await wrapper.get('.vsa-panel__load-more').trigger('click')
    expect(store.loadMoreUnread).toHaveBeenCalledTimes(1)
    expect(store.loadMore).not.toHaveBeenCalled()
  })

  it('applies app filters to the held alarms and fetches further pages when none match yet', async () => {
    const filters = [{ id: 'mentions', label: 'Mentions', test: (item: { type: string }) => item.type === 'MENTION' }]
    const items = [alarm(1), alarm(2, { type: 'MENTION', content: 'You were mentioned' })]
    const { wrapper, store, patch } = await openBell({ items, hasMore: true }, { filters })
    expect(tabs(wrapper).map((tab) => tab.text())).toEqual(['All2', 'Unread2', 'Mentions'])
    await tabs(wrapper)[2]?.trigger('click')
    expect(contents(wrapper)).toEqual(['You were mentioned'])

    patch({ items: [alarm(1)], hasMore: true })
    await flush()
    expect(contents(wrapper)).toEqual([])
    vi.mocked(store.loadMore).mockImplementation(async () => {
      patch({ items: [alarm(1), alarm(5, { type: 'MENTION', content: 'Older mention' })], hasMore: false })
    })
    await wrapper.get('.vsa-panel__load-more').trigger('click')
    await flush()
    expect(store.loadMore).toHaveBeenCalledTimes(1)
    expect(contents(wrapper)).toEqual(['Older mention'])
    expect(wrapper.find('.vsa-panel__load-more').exists()).toBe(false)
  })
})

describe('the panel items', () => {
  it('marks read, marks unread and removes from buttons named for what they do', async () => {
    const { wrapper, store } = await openBell({ items: [alarm(1), alarm(2, { isRead: true })] })
    const toggles = wrapper.findAll('.vsa-item__toggle')
    expect(toggles.map((toggle) => toggle.attributes('aria-label'))).toEqual(['Mark as read', 'Mark as unread'])
    await toggles[0]?.trigger('click')
    expect(store.markRead).toHaveBeenCalledWith(1)
    await toggles[1]?.trigger('click')
    expect(store.markUnread).toHaveBeenCalledWith(2)
    const removes = wrapper.findAll('.vsa-item__remove')
    expect(removes[1]?.attributes('aria-label')).toBe('Remove')
    await removes[1]?.trigger('click')
    expect(store.remove).toHaveBeenCalledWith(2)
  })

  it('gives the list one tab stop: the active row and its buttons; arrows move the active row', async () => {
    const { wrapper } = await openBell({ items: [alarm(1), alarm(2), alarm(3)] })
    const stops = () => wrapper.findAll('.vsa-item').map((row) => row.findAll('a, button').map((control) => control.attributes('tabindex')).join(''))
    expect(stops()).toEqual(['000', '-1-1-1', '-1-1-1'])
    await wrapper.findAll('[data-alarm-action]')[0]?.trigger('keydown', { key: 'ArrowDown' })
    await settle()
    expect(stops()).toEqual(['-1-1-1', '000', '-1-1-1'])
    expect(document.activeElement).toBe(wrapper.findAll('[data-alarm-action]')[1]?.element)
  })

  it('keeps focus in the panel when "Mark all as read" disappears under it, and Esc still closes', async () => {
    const { wrapper, store, patch } = await openBell({ items: [alarm(1), alarm(2)] })
    const markAll = wrapper.get('.vsa-panel__mark-all')
    ;(markAll.element as HTMLElement).focus()
    vi.mocked(store.markAllRead).mockImplementation(async () => patch({ items: [alarm(1, { isRead: true }), alarm(2, { isRead: true })] }))
    await markAll.trigger('click')
    await flush()
    await settle()
    expect(wrapper.find('.vsa-panel__mark-all').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('[role="dialog"]').element)

    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Escape' })
    await flush()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('button.vsa-bell__button').element)
  })

  it('moves focus to the next alarm when the focused one is removed', async () => {
    const { wrapper, store, patch } = await openBell({ items: [alarm(1), alarm(2), alarm(3)] })
    const remove = wrapper.findAll('.vsa-item__remove')[1]!
    ;(remove.element as HTMLElement).focus()
    vi.mocked(store.remove).mockImplementation(async () => patch({ items: [alarm(1), alarm(3)] }))
    await remove.trigger('click')
    await flush()
    await settle()
    expect(document.activeElement?.closest('[data-alarm-id]')?.getAttribute('data-alarm-id')).toBe('3')
  })
})
