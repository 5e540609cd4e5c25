import type { Alarm } from '../alarms/types'
import { alarmKey, compareAlarms } from '../alarms/merge'
import { createCoalescer } from '../alarms/coalesce'
import { ignoresUnreadFilter } from '../alarms/unread'
import type { ResolvedAlarmsOptions } from '../options'
import { withTokenRefresh } from '../api/auth'
import { toAlarmsError } from '../api/errors'
import type { AlarmsError } from '../errors'
import * as list from '../alarms/list'
import type { AlarmsClient } from './client'
import type { AlarmsTabMessage } from './connection'
import type { StateCell } from './state'

export type SyncSettings = Pick<
  ResolvedAlarmsOptions,
  'api' | 'pageSize' | 'maxItems' | 'refreshDebounceMs' | 'refreshMaxWaitMs' | 'reconcileJitterMs' | 'refreshAuth'
>

export interface SyncHooks {
  /** The list, read and replaced through here only. */
  readList(): list.ListState
  writeList(next: list.ListState): void
  /** `loading` and `unreadFilterSupported` live here. */
  state: StateCell
  /** Alarms new to this page (`reportNew`) or just loaded (`remember`, never reported as new). */
  reportNew: (alarms: Alarm[]) => void
  remember: (alarms: Alarm[]) => void
  /** A REST failure, already typed; `null` clears a REST error after a success. */
  onError: (error: AlarmsError | null) => void
  /** Tells the other tabs of this user (read-state sync). */
  post: (message: AlarmsTabMessage) => void
}

/** The REST actions of the client (documented there), and what the client itself drives. */
export interface Sync extends Pick<AlarmsClient, 'refresh' | 'loadMore' | 'loadMoreUnread' | 'markRead' | 'markUnread' | 'markAllRead' | 'remove'> {
  /** A refresh once the stream has been quiet for `refreshDebounceMs`, `refreshMaxWaitMs` at the latest. */
  scheduleRefresh(): void
  /** The reconcile after a reconnect: soon, with jitter, merged with any refresh already scheduled. */
  reconcile(): void
  /** Forget the user: abort what is in flight; the next refresh is a first load again. */
  reset(): void
  dispose(): void
}

/**
 * REST refresh and mutations, the pinia-colada way: a mutation applies its change at once, aborts the refresh in
 * flight (its answer could predate the change), rolls back on failure, and the refresh runs again once the
 * mutations in flight have settled. Stale work is dropped by one rule: every request carries an `AbortSignal`, of
 * the refresh (aborted by a mutation or a newer refresh) or of the user (aborted when the user changes).
 */
export function createSync(settings: SyncSettings, hooks: SyncHooks): Sync {
  const { api, pageSize, maxItems } = settings
  const { readList, writeList, state } = hooks
  const mutations = new Set<Promise<unknown>>()
  /** Set by this user's first page: undefined until then; `newest` tells alarms created later (missed) from older. */
  let firstLoad: { newest: Alarm | undefined } | undefined
  /** Learnt from the first page that carried `unread`: the count request is then skipped. */
  let pageCarriesUnread = false
  let reconcileTimer: ReturnType<typeof setTimeout> | undefined
  let loads = 0
  /** Aborts the loadMore in flight when the user changes. */
  let userScope = new AbortController()

  const authorized = <T>(request: () => Promise<T>) => withTokenRefresh(request, settings.refreshAuth)

  const tracked = <T>(work: () => Promise<T>): Promise<T> => {
    state.set({ loading: ++loads > 0 })
    return work().finally(() => state.set({ loading: --loads > 0 }))
  }

  const refresher = createCoalescer(
    (signal) =>
      tracked(async () => {
        // A mutation that starts meanwhile aborts this refresh and schedules the next, which waits for it in turn.
        if (mutations.size > 0) await Promise.allSettled([...mutations])
        if (signal.aborted) return
        // Any refresh that starts after a reconnect is its reconcile: one pending with jitter is not needed anymore.
        clearTimeout(reconcileTimer)
        const heldAtSend = new Set(readList().items.map((item) => alarmKey(item.id)))
        try {
          // The count before the page, never alongside: an alarm published between the two answers is then in the
          // page (held, so its stream copy is a duplicate) rather than counted and streamed as one more.
          const count = pageCarriesUnread ? undefined : await authorized(() => api.count(signal))
          if (signal.aborted) return
          const page = await authorized(() => api.list({ page: 0, size: pageSize }, signal))
          if (signal.aborted) return
          if (page.unread !== undefined) pageCarriesUnread = true
          const result = list.applyFirstPage(readList(), page, page.unread ?? count ?? 0, { heldAtSend }, maxItems)
          writeList(result.state)
          // Alarms created after the first load are new to the page (missed while the stream was down); the first
          // load, and older alarms a removal pulls up into the first page, are not.
          const newest = firstLoad?.newest
          const fresh = firstLoad ? result.added.filter((alarm) => !newest || compareAlarms(alarm, newest) < 0) : []
          hooks.reportNew(fresh)
          hooks.remember(result.added)
          firstLoad ??= { newest: page.items[0] }
          hooks.onError(null)
        } catch (cause) {
          if (!signal.aborted) hooks.onError(toAlarmsError(cause, 'refresh'))
        }
      }),
    { delayMs: settings.refreshDebounceMs, maxWaitMs: settings.refreshMaxWaitMs },
  )

  async function loadMore(): Promise<void> {
    const current = readList()
    if (firstLoad && !list.hasMoreAlarms(current)) return
    const { signal } = userScope
    // A backend that pages by cursor said where the next page is; otherwise the offset follows the verified part.
    const cursor = typeof current.next === 'string' ? current.next : undefined
    const request = { heldAtSend: new Set(current.items.map((item) => alarmKey(item.id))), ...(cursor && { cursor }) }
    await tracked(async () => {
      try {
        const page = await authorized(() => api.list({ page: Math.floor(current.contiguous / pageSize), size: pageSize, ...(cursor && { cursor }) }, signal))
        if (signal.aborted) return
        const result = list.applyOlderPage(readList(), page, request, maxItems)
        writeList(result.state)
        hooks.remember(result.added)
        firstLoad ??= { newest: undefined }
      } catch (cause) {
        if (!signal.aborted) hooks.onError(toAlarmsError(cause, 'loadMore'))
      }
    })
  }

  async function loadMoreUnread(): Promise<void> {
    const { signal } = userScope
    const unreadHeld = () => readList().items.filter((item) => !item.isRead).length
    if (state.get().unreadFilterSupported !== false) {
      const page = await tracked(() =>
        authorized(() => api.list({ page: Math.floor(unreadHeld() / pageSize), size: pageSize, unread: true }, signal)).catch((cause: unknown) => {
          if (!signal.aborted) hooks.onError(toAlarmsError(cause, 'loadMoreUnread'))
        }),
      )
      if (!page || signal.aborted) return
      const supported = !ignoresUnreadFilter(page.items)
      state.set({ unreadFilterSupported: supported })
      if (supported) {
        const result = list.applyExtraAlarms(readList(), page.items, maxItems)
        writeList(result.state)
        hooks.remember(result.added)
        // Nothing new while the count says there is more: the count is stale.
        if (result.added.length === 0) refresher.schedule()
        return
      }
    }
    // A backend without the filter: pages of the whole list until one brings an unread alarm (10 at most).
    for (let pages = 0; pages < 10 && list.hasMoreAlarms(readList()) && !signal.aborted; pages++) {
      const before = unreadHeld()
      await loadMore()
      if (unreadHeld() > before) return
    }
  }

  /** Runs one optimistic mutation: `apply` now, `request`, then `rollback` and refresh on failure, or tell the tabs. */
  async function mutate(what: string, apply: () => (() => void) | void, request: () => Promise<void>, message: AlarmsTabMessage) {
    const rollback = apply()
    if (refresher.running) {
      refresher.abortRunning()
      refresher.schedule()
    }
    const done = authorized(request)
    mutations.add(done)
    try {
      await done
      hooks.post(message)
    } catch (cause) {
      rollback?.()
      hooks.onError(toAlarmsError(cause, what))
      // What the server holds now is unknown: ask it.
      refresher.schedule()
    } finally {
      mutations.delete(done)
    }
  }

  /** A change to an alarm not held here (beyond the loaded pages): only the server knows the new count. */
  function setRead(id: Alarm['id'], isRead: boolean) {
    const apply = isRead ? list.applyRead : list.applyUnread
    return mutate(
      `${isRead ? 'markRead' : 'markUnread'}(${id})`,
      () => {
        const next = apply(readList(), id)
        if (next === readList()) return refresher.schedule()
        writeList(next)
        return () => writeList((isRead ? list.applyUnread : list.applyRead)(readList(), id))
      },
      () => (isRead ? api.markRead(id) : api.markUnread(id)),
      { type: isRead ? 'read' : 'unread', id },
    )
  }

  return {
    refresh: () => refresher.run(),
    scheduleRefresh: () => refresher.schedule(),
    reconcile() {
      clearTimeout(reconcileTimer)
      if (!firstLoad) return void refresher.run()
      reconcileTimer = setTimeout(() => refresher.schedule(), Math.random() * settings.reconcileJitterMs)
    },
    loadMore,
    loadMoreUnread,
    markRead: (id) => setRead(id, true),
    markUnread: (id) => setRead(id, false),
    markAllRead: () =>
      mutate(
        'markAllRead',
        () => {
          const { state: next, unreadKeys, unreadBefore } = list.applyReadAll(readList())
          writeList(next)
          return () => writeList(list.revertReadAll(readList(), unreadKeys, unreadBefore))
        },
        () => api.markAllRead(),
        { type: 'read-all' },
      ),
    remove: (id) =>
      mutate(
        `remove(${id})`,
        () => {
          const { state: next, removed } = list.applyRemove(readList(), id, maxItems)
          writeList(next)
          return () => {
            if (removed) writeList(list.revertRemove(readList(), removed, maxItems))
          }
        },
        () => api.remove(id),
        { type: 'remove', id },
      ),
    reset() {
      clearTimeout(reconcileTimer)
      refresher.abortRunning()
      userScope.abort()
      userScope = new AbortController()
      firstLoad = undefined
    },
    dispose() {
      clearTimeout(reconcileTimer)
      userScope.abort()
      refresher.cancel()
    },
  }
}
