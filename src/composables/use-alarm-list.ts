import {
  computed,
  getCurrentScope,
  onScopeDispose,
  ref,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue'
import type { Alarm } from '../alarms/types'
import { useAlarmsStore } from '../store'
import { groupByDay, type AlarmDayGroup } from './day-groups'
import { toElement, type MaybeElement } from './elements'

/** An app filter offered beside "All" and "Unread" (e.g. by type); it applies to the alarms loaded so far. */
export interface AlarmFilter {
  /** Unique; `all` and `unread` are taken by the built-in filters. */
  id: string
  /** Tab text. */
  label: string
  test: (alarm: Alarm) => boolean
}

/** Options of `useAlarmList`. */
export interface UseAlarmListOptions {
  /**
   * Alarms rendered at a time; `showMore()` renders the next window of held alarms before asking the server.
   * @default 50
   */
  windowSize?: number
  /**
   * Alarms rendered at first, when the list appears: a screenful. The rest of the window follows right after the
   * first frame is painted, so showing the list costs the layout of what is seen, not of the whole window.
   * @default windowSize (the whole window at once)
   */
  firstScreen?: number
  /**
   * The active filter: `'all'`, `'unread'` or the id of one of `filters`. Pass a ref to own it.
   * @default ref('all')
   */
  filter?: Ref<string>
  /**
   * App filters offered beside "All" and "Unread".
   * @default []
   */
  filters?: MaybeRefOrGetter<readonly AlarmFilter[]>
  /**
   * BCP 47 locale of the day headings.
   * @default the runtime's locale
   */
  locale?: MaybeRefOrGetter<string | undefined>
}

/** What `useAlarmList` returns: the visible window of alarms, its day groups, paging and the filter. */
export interface UseAlarmListReturn {
  /** The active filter: `'all'`, `'unread'` or an app filter's id; set it to switch. */
  filter: Ref<string>
  /** What to render now: the active filter's alarms, newest first, the first windows of them. */
  items: ComputedRef<Alarm[]>
  /** `items` by day: "Today", "Yesterday", then dates. */
  groups: ComputedRef<AlarmDayGroup[]>
  /** More can be shown: held alarms beyond the window, or more on the server. */
  hasMore: ComputedRef<boolean>
  /** The built-in filters' numbers: `all` (the server's total) and `unread`. */
  counts: ComputedRef<{ all: number; unread: number }>
  /** Renders the next window; past the held alarms, fetches more (unread ones under "Unread"). */
  showMore(): Promise<void>
  /** Template ref: an element after the list; `showMore()` runs whenever it scrolls into view. */
  sentinel: ShallowRef<MaybeElement>
  /** `Date.now()`, renewed every 30 s while in use: for relative times and day headings. */
  now: ShallowRef<number>
}

/** Pages of the whole list one call may fetch looking for alarms an app filter shows. */
const MAX_PAGES_PER_CALL = 10

/**
 * The list of a panel over the alarms store: windowed rendering (50 of 10 000 held alarms render as fast as
 * 50 of 50), infinite scroll through a sentinel, day groups, and the active filter.
 */
export function useAlarmList(options: UseAlarmListOptions = {}): UseAlarmListReturn {
  const { windowSize = 50, firstScreen = windowSize } = options
  const store = useAlarmsStore()
  const filter = options.filter ?? ref('all')
  const shown = shallowRef(windowSize)
  const sentinel = shallowRef<MaybeElement>(null)
  const now = shallowRef(Date.now())

  /** Loads pages of the whole list until one brings an alarm `test` accepts, or there are no more. */
  async function loadMatching(test: (alarm: Alarm) => boolean): Promise<void> {
    for (let pages = 0; pages < MAX_PAGES_PER_CALL && store.hasMore; pages++) {
      const matches = store.items.filter(test).length
      const failure = store.error
      await store.loadMore()
      if (store.items.filter(test).length > matches || store.error !== failure) return
    }
  }

  const source = computed(() => {
    if (filter.value === 'unread') return { alarms: store.unreadItems, more: store.hasMoreUnread, fetch: () => store.loadMoreUnread() }
    const custom = toValue(options.filters)?.find((candidate) => candidate.id === filter.value)
    if (custom) return { alarms: store.items.filter(custom.test), more: store.hasMore, fetch: () => loadMatching(custom.test) }
    return { alarms: store.items, more: store.hasMore, fetch: () => store.loadMore() }
  })

  const screenOnly = shallowRef(firstScreen < windowSize && getCurrentScope() !== undefined && typeof requestAnimationFrame === 'function')
  const items = computed(() => {
    const { alarms } = source.value
    const limit = screenOnly.value ? Math.min(shown.value, firstScreen) : shown.value
    return alarms.length > limit ? alarms.slice(0, limit) : alarms
  })
  const groups = computed(() => groupByDay(items.value, now.value, toValue(options.locale)))
  const hasMore = computed(() => source.value.alarms.length > shown.value || source.value.more)
  const counts = computed(() => ({ all: store.totalCount, unread: store.unreadCount }))

  async function showMore(): Promise<void> {
    const { alarms, more, fetch } = source.value
    if (screenOnly.value) {
      screenOnly.value = false
      // The rest of the window is this call's "more" (a tall panel shows the sentinel under the first screen).
      if (alarms.length > firstScreen) return
    }
    if (alarms.length > shown.value) {
      shown.value += windowSize
      return
    }
    if (!more || store.loading) return
    // Room for what arrives, so it shows as soon as it lands.
    shown.value = alarms.length + windowSize
    await Promise.resolve(fetch()).catch(() => {})
  }

  watch(filter, () => (shown.value = windowSize))

  let observer: IntersectionObserver | undefined
  watch(
    () => toElement(sentinel.value),
    (element, _previous, onCleanup) => {
      if (!element || typeof IntersectionObserver === 'undefined') return
      // Against the viewport: what a scrolling panel clips away does not count as in view.
      observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && void showMore())
      observer.observe(element)
      onCleanup(() => {
        observer?.disconnect()
        observer = undefined
      })
    },
    { flush: 'post' },
  )

  // A window that still leaves the sentinel in view would never fire the observer again; observing anew makes
  // it report the sentinel's state once the new rows are laid out.
  watch(
    () => items.value.length,
    () => {
      const element = toElement(sentinel.value)
      if (!observer || !element) return
      observer.unobserve(element)
      observer.observe(element)
    },
    { flush: 'post' },
  )

  if (screenOnly.value) {
    // After the frame that paints the first screen: a timer queued from requestAnimationFrame runs after that paint.
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => (screenOnly.value = false))))
    onScopeDispose(() => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    })
  }
  if (getCurrentScope()) {
    const clock = setInterval(() => (now.value = Date.now()), 30_000)
    onScopeDispose(() => clearInterval(clock))
  }

  return { filter, items, groups, hasMore, counts, showMore, sentinel, now }
}
