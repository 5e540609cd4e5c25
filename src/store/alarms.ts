import { defineStore, skipHydrate } from 'pinia'
import { computed, inject, onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { Alarm } from '../alarms/types'
import { createClient } from '../client/client'
import { readIdentity } from '../client/identity'
import type { AlarmsClientState } from '../client/state'
import type { AlarmsError } from '../errors'
import { ALARMS_OPTIONS_KEY } from '../options'

export type { AlarmsStatus } from '../client/status'

type StateRefs = { [Key in Exclude<keyof AlarmsClientState, 'items' | 'error'>]: Ref<AlarmsClientState[Key]> } & {
  /** Newest first, unique by id. */
  items: ShallowRef<Alarm[]>
  error: ShallowRef<AlarmsError | null>
}

function missingPlugin(): never {
  throw new Error('useAlarmsStore: install the plugin first, app.use(createAlarms(options))')
}

/**
 * The `alarms` store: a thin Pinia adapter over the alarms client (`createAlarmsClient`). The client's state is
 * copied into refs by one listener; who is signed in is watched in one place. Needs the `createAlarms` plugin.
 * Actions never reject: a failure sets `error` (and rolls an optimistic change back).
 */
// Marked pure so an app that uses only `createAlarmsClient` drops the store, and with it vue and pinia.
export const useAlarmsStore = /* @__PURE__ */ defineStore('alarms', () => {
  const config = inject(ALARMS_OPTIONS_KEY, null) ?? missingPlugin()
  const client = createClient(config)
  const initial = client.getState()

  // One shallowRef per key of the client's state: `items` and `error` are replaced, never mutated (a shallowRef is
  // enough for 10 000 alarms), the others hold primitives. Annotated: an inferred `ShallowRef<T, T>` in the
  // declarations fails type checks on vue < 3.5.4 (one parameter).
  const refs = Object.fromEntries(Object.entries(initial).map(([key, value]) => [key, shallowRef(value)])) as StateRefs
  const { items, error } = refs

  // Only the keys the client changed are copied: a value an app or a test set on the store (`$patch`) stays until
  // the client changes that key itself.
  const stopCopying = client.subscribe((next, previous) => {
    for (const key in refs) {
      const name = key as keyof AlarmsClientState
      if (next[name] !== previous[name]) (refs[name] as Ref<unknown>).value = next[name]
    }
  })
  // Read inside an effect: whatever reactive state `getToken`/`userKey` read makes sign-in and sign-out take
  // effect by themselves. Reading who is signed in may connect at once.
  const stopWatchingIdentity = config.ssr ? () => {} : watch(() => readIdentity(config), (identity) => client.setIdentity(identity), { immediate: true })

  function shutdown() {
    stopWatchingIdentity()
    client.dispose()
    stopCopying()
  }
  const stopWatchingUnmount = config.onAppUnmount(shutdown)
  onScopeDispose(() => {
    stopWatchingUnmount()
    shutdown()
  })

  /** Newest first: what the Unread filter lists. */
  const unreadItems = computed(() => items.value.filter((item) => !item.isRead))
  /** More unread alarms exist than are listed (a backend without the filter needs more pages of the whole list). */
  const hasMoreUnread = computed(
    () => unreadItems.value.length < refs.unreadCount.value && (refs.unreadFilterSupported.value !== false || refs.hasMore.value),
  )

  return {
    items,
    unreadCount: refs.unreadCount,
    hasNewAlarms: skipHydrate(refs.hasNewAlarms),
    status: skipHydrate(refs.status),
    error: skipHydrate(error),
    lastEventId: skipHydrate(refs.lastEventId),
    loading: skipHydrate(refs.loading),
    holdsStream: skipHydrate(refs.holdsStream),
    user: skipHydrate(refs.user),
    hasMore: refs.hasMore,
    totalCount: refs.totalCount,
    unreadFilterSupported: skipHydrate(refs.unreadFilterSupported),
    unreadItems,
    hasMoreUnread,
    connect: client.connect,
    disconnect: client.disconnect,
    refresh: client.refresh,
    loadMore: client.loadMore,
    loadMoreUnread: client.loadMoreUnread,
    markRead: client.markRead,
    markUnread: client.markUnread,
    markAllRead: client.markAllRead,
    remove: client.remove,
    /** Clears `hasNewAlarms` (the bell calls it when opened), also where the app set it on the store itself. */
    acknowledge() {
      client.acknowledge()
      refs.hasNewAlarms.value = false
    },
    /**
     * Calls `listener` with each batch of alarms new to this page (stream, replay or REST reconcile; never the
     * first load). Returns the function that stops it; `onNewAlarm` ties that to a component's scope.
     */
    subscribeNewAlarms: client.subscribeNewAlarms,
    /**
     * Calls `listener` when the signed-in user's session ends on this page: sign-out (here or in another tab of
     * that user), a change of user, or a refused renewal (`unauthorized`). Views drop everything they show of that
     * user. Returns the function that stops it; `onSessionEnd` ties that to a component's scope.
     */
    subscribeSessionEnd: client.subscribeSessionEnd,
  }
})
