// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import type { Alarm } from '../../src/alarms/types'
import AlarmBell from '../../src/components/AlarmBell.vue'
import { createStoreHarness } from './store-harness'
import { mountInBodyPerTest } from '../helpers/mount-in-body'

const mountInBody = mountInBodyPerTest()

function held(count: number): Alarm[] {
  const createdAt = new Date().toISOString()
  return Array.from({ length: count }, (_, index) => ({ id: count - index, type: 'T', content: `Alarm ${count - index}`, url: '', isRead: false, createdAt }))
}

async function openBell(items: Alarm[], hasMore: boolean) {
  const { plugins, store, patch } = createStoreHarness({ items, hasMore })
  const wrapper = mountInBody(AlarmBell, { global: { plugins } })
  await wrapper.get('button.vsa-bell__button').trigger('click')
  await nextTick()
  await nextTick()
  return { wrapper, store, patch }
}

/** The panel renders a screenful first and the rest of its window after that frame is painted. */
async function windowFilled() {
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
  await nextTick()
}

const rendered = (wrapper: VueWrapper) => wrapper.findAll('[data-alarm-action]')

describe('the open panel over many held alarms', () => {
  it('renders the first 50 and shows the held rest a page at a time before asking the server', async () => {
    const { wrapper, store, patch } = await openBell(held(120), true)
    expect(rendered(wrapper)).toHaveLength(10)
    await windowFilled()
    expect(rendered(wrapper)).toHaveLength(50)
    expect(wrapper.get('.vsa-item').attributes('data-alarm-id')).toBe('120')

    const more = () => wrapper.get('.vsa-panel__load-more')
    await more().trigger('click')
    expect(rendered(wrapper)).toHaveLength(100)
    await more().trigger('click')
    expect(rendered(wrapper)).toHaveLength(120)
    expect(store.loadMore).not.toHaveBeenCalled()

    await more().trigger('click')
    expect(store.loadMore).toHaveBeenCalledTimes(1)
    // The fetched page shows as soon as it lands.
    patch({ items: held(140), hasMore: false })
    await nextTick()
    expect(rendered(wrapper)).toHaveLength(140)
    expect(wrapper.find('.vsa-panel__load-more').exists()).toBe(false)
  })

  it('offers "load more" for held alarms not shown yet even when the server has no more', async () => {
    const { wrapper, store } = await openBell(held(60), false)
    await windowFilled()
    expect(rendered(wrapper)).toHaveLength(50)
    await wrapper.get('.vsa-panel__load-more').trigger('click')
    expect(rendered(wrapper)).toHaveLength(60)
    expect(wrapper.find('.vsa-panel__load-more').exists()).toBe(false)
    expect(store.loadMore).not.toHaveBeenCalled()
  })

  it('keeps keyboard navigation over the rendered items: End, Home and the arrows', async () => {
    const { wrapper } = await openBell(held(500), true)
    await windowFilled()
    const actions = rendered(wrapper)
    expect(document.activeElement).toBe(actions[0]?.element)
    await actions[0]?.trigger('keydown', { key: 'End' })
    expect(document.activeElement).toBe(actions[49]?.element)
    expect(actions[49]?.attributes('tabindex')).toBe('0')
    await actions[49]?.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(actions[48]?.element)
    await actions[48]?.trigger('keydown', { key: 'Home' })
    expect(document.activeElement).toBe(actions[0]?.element)
  })
})
