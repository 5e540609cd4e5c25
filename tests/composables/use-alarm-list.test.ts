// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import type { Alarm } from '../../src/alarms/types'
import { useAlarmList, type UseAlarmListOptions, type UseAlarmListReturn } from '../../src/composables/use-alarm-list'
import { alarm, createStoreHarness, type StoreState } from '../components/store-harness'

const wrappers: VueWrapper[] = []

afterEach(() => {
  while (wrappers.length > 0) wrappers.pop()?.unmount()
  vi.unstubAllGlobals()
})

/** Runs the composable in a component that renders a sentinel, and hands back what it returned. */
function setup(state: StoreState, options: UseAlarmListOptions = {}) {
  const harness = createStoreHarness(state)
  let list!: UseAlarmListReturn
  const wrapper = mount(
    defineComponent(() => {
      list = useAlarmList(options)
      return () => h('div', [h('div', { ref: list.sentinel })])
    }),
    { attachTo: document.body, global: { plugins: harness.plugins } },
  )
  wrappers.push(wrapper)
  return { list, ...harness }
}

const many = (count: number, read: (id: number) => boolean = () => false): Alarm[] =>
  Array.from({ length: count }, (_, index) => alarm(count - index, { isRead: read(count - index) }))

describe('useAlarmList', () => {
  it('renders a window of the held alarms, shows the held rest before fetching, then fetches', async () => {
    const { list, store } = setup({ items: many(70), hasMore: true }, { windowSize: 30 })
    expect(list.items.value).toHaveLength(30)
    expect(list.hasMore.value).toBe(true)
    await list.showMore()
    await list.showMore()
    expect(list.items.value).toHaveLength(70)
    expect(store.loadMore).not.toHaveBeenCalled()
    await list.showMore()
    expect(store.loadMore).toHaveBeenCalledTimes(1)
  })

  it('renders a first screen, then the rest of the window after that frame; "more" meanwhile is that rest', async () => {
    const { list, store } = setup({ items: many(70), hasMore: true }, { windowSize: 30, firstScreen: 8 })
    expect(list.items.value.map((item) => item.id)).toEqual(many(8).map((_, index) => 70 - index))
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
    expect(list.items.value).toHaveLength(30)

    const early = setup({ items: many(70), hasMore: true }, { windowSize: 30, firstScreen: 8 })
    await early.list.showMore()
    expect(early.list.items.value).toHaveLength(30)
    await early.list.showMore()
    expect(early.list.items.value).toHaveLength(60)
    expect(store.loadMore).not.toHaveBeenCalled()
    expect(early.store.loadMore).not.toHaveBeenCalled()
  })

  it('filters: unread from the store, app filters over the held alarms, and a new filter starts at the first window', async () => {
    const filters = [{ id: 'even', label: 'Even', test: (item: Alarm) => Number(item.id) % 2 === 0 }]
    const { list } = setup({ items: many(80, (id) => id > 40) }, { windowSize: 10, filters })
    await list.showMore()
    expect(list.items.value).toHaveLength(20)
    list.filter.value = 'unread'
    await nextTick()
    expect(list.items.value.map((item) => item.id)).toEqual([40, 39, 38, 37, 36, 35, 34, 33, 32, 31])
    expect(list.counts.value).toEqual({ all: 80, unread: 40 })
    list.filter.value = 'even'
    await nextTick()
    expect(list.items.value.every((item) => Number(item.id) % 2 === 0)).toBe(true)
  })

  it('groups the rendered alarms by day', () => {
    const { list } = setup({ items: [alarm(1), alarm(2), alarm(3 * 24 * 60)] }, { locale: 'en-US' })
    expect(list.groups.value.map((group) => group.items.length)).toEqual(expect.arrayContaining([1]))
    expect(list.groups.value.flatMap((group) => group.items)).toHaveLength(3)
    expect(list.groups.value.at(-1)?.label).not.toMatch(/^(Today|Yesterday)$/)
  })

  it('shows more when the sentinel scrolls into view', async () => {
    const observed: Array<(entries: Array<{ isIntersecting: boolean }>) => void> = []
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: (entries: Array<{ isIntersecting: boolean }>) => void) {
          observed.push(callback)
        }
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    )
    const { list } = setup({ items: many(30) }, { windowSize: 10 })
    await nextTick()
    expect(observed).toHaveLength(1)
    observed[0]!([{ isIntersecting: false }])
    expect(list.items.value).toHaveLength(10)
    observed[0]!([{ isIntersecting: true }])
    await nextTick()
    expect(list.items.value).toHaveLength(20)
  })
})
