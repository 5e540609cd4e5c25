import { defineStore, skipHydrate } from 'pinia'
import { computed, inject, onScopeDispose, ref, shallowRef } from 'vue'
import type { Alarm, AlarmPage } from '../alarms/types'
import { classifyEvent } from '../alarms/classify'
import { createCoalescer } from '../alarms/coalesce'
import {
  appendAlarms,
  alarmKey,
  compareAlarms,
  findAlarmIndex,
  insertAlarms,
  markAlarmRead,
  markAlarmUnread,
  markAllAlarmsRead,
  markAlarmsUnread,
  reconcileFirstPage,
  removeAlarm,
  restoreAlarm,
} from '../alarms/merge'
import { ignoresUnreadFilter, mergeUnread } from '../alarms/unread'
import { withTokenRefresh } from '../api/auth'
import { toAlarmsError, type AlarmsError } from '../api/errors'
import { ALARMS_OPTIONS_KEY } from '../plugin'
import type { AlarmStreamEvent, AlarmStreamStatus, AlarmStreamStatusInfo } from '../stream/types'
import { isOffline, watchNetwork } from '../tabs'
import { createAlarmConnection, postToOtherTabs, type AlarmsTabMessage, type StoreConnection } from './connection'

/**
 * Where the store's connection is:
 * - `idle`: not connected (before `connect()`, after `disconnect()`, or no token: signed out);
 * - `connecting`, `open`, `retrying`: as the stream reports;
 * - `offline`: the browser is offline, nothing retries until it is back;
 * - `unauthorized`: the token could not be renewed; `connect()` after signing in again;
 * - `closed`: the server refused the stream for good (403, 404…); see `error`.
 */
export type AlarmsStatus = 'idle' | 'connecting' | 'open' | 'retrying' | 'offline' | 'unauthorized' | 'closed'

function missingPlugin(): never {
  throw new Error('useAlarmsStore: install the plugin first, app.use(createAlarms({ getToken }))')
}

/**
 * The `alarms` store. Needs the `createAlarms` plugin installed on the app. Actions never reject:
 * a failure sets `error` (and rolls an optimistic change back).
 */
export const useAlarmsStore = defineStore('alarms', () => {
  const config = inject(ALARMS_OPTIONS_KEY, null) ?? missingPlugin()
  const { api } = config

  /** Newest first, unique by id; replaced, never mutated, so a shallowRef is enough for 10 000 alarms. */
  const items = shallowRef<Alarm[]>([])
  const unreadCount = ref(0)
  const hasNewAlarms = ref(false)
  const status = ref<AlarmsStatus>('idle')
  const error = shallowRef<AlarmsError | null>(null)
  const lastEventId = ref('')
  const loading = ref(false)
  const hasMore = ref(false)
  /** This tab holds the stream (with a shared connection, the other tabs only listen): who shows notifications. */
  const holdsStream = ref(false)
  /** The server's number of alarms for this user (as last reported, kept in step with local changes). */
  const totalCount = ref(0)
  /** Unread alarms beyond the held pages, fetched for the Unread filter (`items` stays a prefix of the list). */
  const olderUnread = shallowRef<Alarm[]>([])
  /** Whether the list endpoint honours `unread=true`: null until asked, false once it answered with a read alarm. */
  const unreadFilterSupported = ref<boolean | null>(null)
  /** Newest first: what the Unread filter lists. */
  const unreadItems = computed(() => mergeUnread(items.value, olderUnread.value))
  /** More unread alarms exist than are listed; a backend without the filter needs more pages of the whole list. */
  const hasMoreUnread = computed(
    () => unreadItems.value.length < unreadCount.value && (unreadFilterSupported.value !== false || hasMore.value),
  )
  const newAlarmListeners = new Set<(alarms: Alarm[]) => void>()

  /** The server's total as last reported, kept in step with local inserts and removals. */
  let total = 0
  let loadedOnce = false
  let pendingLoads = 0
  let disposed = false
  let connection: StoreConnection | null = null
  /** The user the held alarms belong to (from the token); a different user starts from an empty list. */
  let currentUser: string | null = null
  /** Tab-sharing scope of the current user, kept after disconnect so a sign-out can still be told. */
  let shareKey: string | null = null
  /** Identifies the current connection; callbacks of a replaced one are ignored. */
  let connectionOwner: object | null = null
  let mutationsInFlight = 0
  /** Bumped by every mutation; a list fetched across a bump may predate it. */
  let mutationVersion = 0
  let refreshWasStale = false
  /** Bumped by connect/disconnect so a token lookup that resolves late is ignored. */
  let connectAttempt = 0
  /** Stream alarms not applied yet; see `receive`. */
  let received: Alarm[] = []

  // ---- state changes (small and synchronous, so changes from other tabs can reuse them) ----

  function setItems(next: Alarm[]) {
    items.value = next
    hasMore.value = next.length < total
    totalCount.value = total
  }

  function setUnread(count: number) {
    unreadCount.value = Math.max(0, count)
  }

  /** Forgets everything held for the previous user. */
  function resetState() {
    received = []
    total = 0
    olderUnread.value = []
    loadedOnce = false
    setItems([])
    setUnread(0)
    hasNewAlarms.value = false
    lastEventId.value = ''
    error.value = null
  }

  /** Pushed alarms, in arrival order. Lights the bell and tells `onAlarm` once per alarm not held before. */
  function applyAlarms(alarms: Alarm[]) {
    const { items: next, added } = insertAlarms(items.value, alarms, config.maxItems)
    if (added.length === 0) return
    total += added.length
    setItems(next)
    setUnread(unreadCount.value + added.filter((alarm) => !alarm.isRead).length)
    hasNewAlarms.value = true
    notifyNewAlarms(added)
    for (const alarm of added) {
      try {
        config.onAlarm?.(alarm)
      } catch {
        // An app callback must not break the stream or the store.
      }
    }
    refresher.schedule()
  }

  /** Tells `subscribeNewAlarms` listeners; an app listener that throws must not break the store. */
  function notifyNewAlarms(alarms: Alarm[]) {
    if (alarms.length === 0) return
    for (const listener of [...newAlarmListeners]) {
      try {
        listener(alarms)
      } catch {
        // An app callback must not break the stream or the store.
      }
    }
  }

  /** Read state of a held alarm, or of one fetched for the Unread filter. @returns true when the count changed. */
  function applyReadState(id: Alarm['id'], read: boolean): boolean {
    const change = read ? markAlarmRead : markAlarmUnread
    const held = change(items.value, id)
    const older = change(olderUnread.value, id)
    if (held.changed) setItems(held.items)
    if (older.changed) olderUnread.value = older.items
    const changed = held.changed || (older.changed && findAlarmIndex(items.value, id) === -1)
    if (changed) setUnread(unreadCount.value + (read ? -1 : 1))
    return changed
  }

  const applyRead = (id: Alarm['id']) => applyReadState(id, true)
  const applyUnread = (id: Alarm['id']) => applyReadState(id, false)

  /** @returns what a rollback needs. */
  function applyReadAll(): { changedKeys: string[]; unreadBefore: number } {
    const unreadBefore = unreadCount.value
    const result = markAllAlarmsRead(items.value)
    const older = markAllAlarmsRead(olderUnread.value)
    setItems(result.items)
    olderUnread.value = older.items
    setUnread(0)
    return { changedKeys: [...result.changedKeys, ...older.changedKeys], unreadBefore }
  }

  function applyRemove(id: Alarm['id']) {
    const result = removeAlarm(items.value, id)
    const older = removeAlarm(olderUnread.value, id)
    if (older.removed) olderUnread.value = older.items
    if (!result.removed) {
      if (older.removed && !older.removed.alarm.isRead) setUnread(unreadCount.value - 1)
      return older.removed && { ...older.removed, older: true }
    }
    total = Math.max(0, total - 1)
    setItems(result.items)
    if (!result.removed.alarm.isRead) setUnread(unreadCount.value - 1)
    return { ...result.removed, older: false }
  }

  function applyFirstPage(page: AlarmPage, count: number) {
    const complete = page.items.length >= page.total
    const result = reconcileFirstPage(items.value, page.items, complete, config.maxItems)
    // Mid-burst the page runs ahead of the stream and overlaps nothing we hold; dropping the held alarms then
    // would lose them from the list. The refresh queued behind the burst's last alarm decides instead.
    if (result.restarted && refresher.pending) return
    // Alarms that arrived while the stream was down light the bell too (not the first load).
    if (loadedOnce && result.added.some((alarm) => !alarm.isRead)) hasNewAlarms.value = true
    // New to this page: not an older alarm that moved up into the first page after a removal.
    const oldestHeld = items.value[items.value.length - 1]
    const fresh = loadedOnce ? result.added.filter((alarm) => !oldestHeld || compareAlarms(alarm, oldestHeld) < 0) : []
    total = page.total
    setItems(result.items)
    setUnread(count)
    loadedOnce = true
    notifyNewAlarms(fresh)
  }

  // ---- REST ----

  function fail(cause: unknown, what: string) {
    const failure = toAlarmsError(cause, what)
    error.value = failure
    if (failure.code === 'unauthorized') goUnauthorized()
  }

  function authorized<T>(request: () => Promise<T>): Promise<T> {
    return withTokenRefresh(request, config.refreshAuth)
  }

  async function trackLoading<T>(work: () => Promise<T>): Promise<T> {
    pendingLoads += 1
    loading.value = true
    try {
      return await work()
    } finally {
      pendingLoads -= 1
      loading.value = pendingLoads > 0
    }
  }

  const refresher = createCoalescer(
    () =>
      trackLoading(async () => {
        const versionAtStart = mutationVersion
        try {
          const [page, count] = await Promise.all([
            authorized(() => api.list({ page: 0, size: config.pageSize })),
            authorized(() => api.count()),
          ])
          if (disposed) return
          // A read or remove may have reached the server after these answers were made: run again once
          // none is in flight (the last one to settle does it; if all settled already, do it now).
          if (mutationsInFlight > 0) {
            refreshWasStale = true
            return
          }
          if (versionAtStart !== mutationVersion) {
            refresher.schedule()
            return
          }
          applyFirstPage(page, count)
          if (error.value?.code !== 'stream') error.value = null
        } catch (cause) {
          if (!disposed) fail(cause, 'refresh')
        }
      }),
    { delayMs: config.refreshDebounceMs },
  )

  /** Count and first page again, now (or right after the refresh in flight). */
  function refresh(): Promise<void> {
    return refresher.run()
  }

  async function loadMore(): Promise<void> {
    if (!hasMore.value && loadedOnce) return
    const page = Math.floor(items.value.length / config.pageSize)
    await trackLoading(async () => {
      const versionAtStart = mutationVersion
      try {
        const result = await authorized(() => api.list({ page, size: config.pageSize }))
        if (disposed) return
        let incoming = result.items
        if (mutationsInFlight > 0 || versionAtStart !== mutationVersion) {
          // Keep our optimistic copies; only add what we do not hold.
          const held = new Set(items.value.map((alarm) => alarmKey(alarm.id)))
          incoming = incoming.filter((alarm) => !held.has(alarmKey(alarm.id)))
        }
        total = result.total
        setItems(appendAlarms(items.value, incoming, config.maxItems))
        loadedOnce = true
      } catch (cause) {
        if (!disposed) fail(cause, 'loadMore')
      }
    })
  }

  async function mutate(what: string, request: () => Promise<void>, rollback: () => void): Promise<boolean> {
    mutationsInFlight += 1
    mutationVersion += 1
    try {
      await authorized(request)
      return true
    } catch (cause) {
      if (!disposed) {
        rollback()
        fail(cause, what)
      }
      return false
    } finally {
      mutationsInFlight -= 1
      mutationVersion += 1
      if (mutationsInFlight === 0 && refreshWasStale && !disposed) {
        refreshWasStale = false
        refresher.schedule()
      }
    }
  }

  async function markRead(id: Alarm['id']): Promise<void> {
    const changed = applyRead(id)
    const done = await mutate(`markRead(${id})`, () => api.markRead(id), () => {
      if (changed) applyUnread(id)
    })
    if (done) connection?.post({ type: 'read', id })
    // Not held here (beyond the loaded pages): only the server knows whether the count changed.
    if (done && !changed) refresher.schedule()
  }

  /** Optimistic, rolled back on failure, and applied in the user's other tabs. */
  async function markUnread(id: Alarm['id']): Promise<void> {
    const changed = applyUnread(id)
    const done = await mutate(`markUnread(${id})`, () => api.markUnread(id), () => {
      if (changed) applyRead(id)
    })
    if (done) connection?.post({ type: 'unread', id })
    if (done && !changed) refresher.schedule()
  }

  async function markAllRead(): Promise<void> {
    const { changedKeys, unreadBefore } = applyReadAll()
    const done = await mutate('markAllRead', () => api.markAllRead(), () => {
      setItems(markAlarmsUnread(items.value, changedKeys))
      olderUnread.value = markAlarmsUnread(olderUnread.value, changedKeys)
      // Alarms that arrived meanwhile counted up from 0.
      setUnread(unreadCount.value + unreadBefore)
    })
    if (done) connection?.post({ type: 'read-all' })
  }

  async function remove(id: Alarm['id']): Promise<void> {
    const removed = applyRemove(id)
    const done = await mutate(`remove(${id})`, () => api.remove(id), () => {
      if (!removed) return
      if (removed.older) {
        olderUnread.value = restoreAlarm(olderUnread.value, removed.alarm, removed.index, config.maxItems)
        if (!removed.alarm.isRead) setUnread(unreadCount.value + 1)
        return
      }
      const next = restoreAlarm(items.value, removed.alarm, removed.index, config.maxItems)
      if (next === items.value) return
      total += 1
      setItems(next)
      if (!removed.alarm.isRead) setUnread(unreadCount.value + 1)
    })
    if (done) connection?.post({ type: 'remove', id })
  }

  /** Another tab of this user changed read state or signed out; apply it without refetching. */
  function onTabMessage(message: AlarmsTabMessage) {
    if (disposed) return
    switch (message.type) {
      case 'read':
        // An alarm beyond the loaded pages: only the server knows the new count.
        if (findAlarmIndex(items.value, message.id) === -1) refresher.schedule()
        else applyRead(message.id)
        break
      case 'unread':
        if (findAlarmIndex(items.value, message.id) === -1) refresher.schedule()
        else applyUnread(message.id)
        break
      case 'read-all':
        applyReadAll()
        break
      case 'remove':
        if (!applyRemove(message.id)) refresher.schedule()
        break
      case 'signout':
        // Drop the connection first: dropping it hands its last event id back to the state reset next.
        goUnauthorized()
        resetState()
        error.value = { code: 'unauthorized', message: 'Signed out in another tab' }
        break
    }
  }

  function acknowledge() {
    hasNewAlarms.value = false
  }

  /**
   * Calls `listener` once per batch of alarms new to this page (from the stream, a replay or the reconcile after
   * a reconnect), never for the first load after sign-in nor for older pages. @returns a function that unsubscribes.
   */
  function subscribeNewAlarms(listener: (alarms: Alarm[]) => void): () => void {
    newAlarmListeners.add(listener)
    return () => newAlarmListeners.delete(listener)
  }

  /**
   * Lists more unread alarms for the Unread filter: the next `unread=true` page, or, when the backend ignores
   * that filter, pages of the whole list until one brings an unread alarm (at most 10 per call).
   */
  async function loadMoreUnread(): Promise<void> {
    if (unreadFilterSupported.value !== false && (await loadUnreadPage())) return
    for (let pages = 0; pages < 10 && hasMoreUnread.value && !disposed; pages++) {
      const listed = unreadItems.value.length
      const failure = error.value
      await loadMore()
      if (unreadItems.value.length > listed || error.value !== failure) return
    }
  }

  /** The next `unread=true` page. @returns false when the backend turned out to ignore the filter. */
  function loadUnreadPage(): Promise<boolean> {
    const listed = unreadItems.value.length
    return trackLoading(async () => {
      try {
        const page = await authorized(() => api.list({ page: Math.floor(listed / config.pageSize), size: config.pageSize, unread: true }))
        if (disposed) return true
        unreadFilterSupported.value = !ignoresUnreadFilter(page.items)
        if (!unreadFilterSupported.value) return false
        const known = new Set([...items.value, ...olderUnread.value].map((alarm) => alarmKey(alarm.id)))
        const fresh = page.items.filter((alarm) => !known.has(alarmKey(alarm.id)))
        if (fresh.length > 0) olderUnread.value = [...olderUnread.value, ...fresh]
        // Nothing new while the count says there is more: the count is stale.
        else refresher.schedule()
      } catch (cause) {
        if (!disposed) fail(cause, 'loadMoreUnread')
      }
      return true
    })
  }

  // ---- the stream ----

  /**
   * The stream dispatches each chunk's events synchronously, one by one: its alarms are collected and applied
   * together on a microtask, so a burst replaces the list once per chunk instead of once per alarm (each
   * replacement copies the list: a burst of 10 000 was quadratic). `lastEventId` still follows every event.
   */
  function receive(event: AlarmStreamEvent) {
    lastEventId.value = event.lastEventId
    const classified = classifyEvent(event, config)
    if (classified.kind === 'alarm' && received.push(classified.alarm) === 1) queueMicrotask(applyReceived)
  }

  function applyReceived() {
    const alarms = received
    received = []
    if (!disposed && alarms.length > 0) applyAlarms(alarms)
  }

  function onStreamStatus(next: AlarmStreamStatus, info: AlarmStreamStatusInfo) {
    if (next === 'unauthorized') {
      error.value = { code: 'unauthorized', message: 'The stream was refused (401) and the token could not be renewed', status: 401 }
      goUnauthorized()
      return
    }
    if (next === 'closed') {
      dropConnection()
      status.value = 'closed'
      if (info.httpStatus !== undefined) {
        error.value = { code: 'stream', message: `The stream was refused with HTTP ${info.httpStatus}`, status: info.httpStatus }
      }
      return
    }
    const previous = status.value
    status.value = next
    // Reconcile once per (re)connect: alarms missed while down, or lost with a restarted server's replay cache.
    if (next === 'open' && previous !== 'open') void refresher.run()
  }

  function dropConnection() {
    const current = connection
    connection = null
    holdsStream.value = false
    connectionOwner = null
    if (current) lastEventId.value = current.lastEventId || lastEventId.value
    current?.close()
  }

  function goUnauthorized() {
    const wasUnauthorized = status.value === 'unauthorized'
    dropConnection()
    connectAttempt += 1
    status.value = 'unauthorized'
    if (wasUnauthorized) return
    try {
      config.onUnauthorized?.()
    } catch {
      // An app callback must not break the store.
    }
  }

  /**
   * Opens the stream (no-op when one is open or opening, when rendering on the server, or after
   * dispose). Without a token nothing opens and `status` stays `idle`.
   */
  function connect() {
    if (disposed || config.ssr || connection || status.value === 'connecting') return
    if (isOffline()) {
      // The `online` listener connects as soon as the network is back; no retry timer burns meanwhile.
      status.value = 'offline'
      return
    }
    const attempt = ++connectAttempt
    status.value = 'connecting'
    void (async () => {
      let token: string | null | undefined
      try {
        token = await config.getToken()
      } catch {
        token = undefined
      }
      if (attempt !== connectAttempt || disposed) return
      if (!token) {
        status.value = 'idle'
        return
      }
      const user = config.userKey(token)
      // A different user, or one an opaque token cannot tell apart from the last, starts from an empty list.
      if (user === null || user !== currentUser) {
        if (items.value.length > 0 || lastEventId.value !== '') resetState()
        currentUser = user
      }
      shareKey = config.sharedConnection && user !== null ? `${config.streamUrl}|${user}` : null
      const owner = {}
      connectionOwner = owner
      const isCurrent = () => connectionOwner === owner
      const created = createAlarmConnection(
        {
          streamOptions: () => ({
            ...config.stream,
            url: config.streamUrl,
            lastEventId: lastEventId.value,
            getToken: async () => {
              const current = await config.getToken()
              if (!isCurrent()) return current
              // Signed out while connected: stop instead of knocking without a token.
              if (!current) queueMicrotask(() => isCurrent() && disconnect())
              // Another user signed in (tokens shared between tabs): start over under that user.
              else if (config.userKey(current) !== user) {
                queueMicrotask(() => {
                  if (!isCurrent()) return
                  disconnect()
                  connect()
                })
              }
              return current
            },
          }),
          shareKey,
          onTabMessage,
          onLeader: () => {
            if (isCurrent()) holdsStream.value = true
          },
        },
        {
          onEvent: (event) => {
            if (isCurrent()) receive(event)
          },
          onStatus: (next, info) => {
            if (isCurrent()) onStreamStatus(next, info)
          },
          onUnauthorized: () => config.refreshAuth(),
        },
      )
      // The stream may have stopped synchronously; its status callbacks then dropped the connection before it was
      // assigned, so close it here (a shared one holds a channel and a lock request).
      if (isCurrent()) connection = created
      else created.close()
    })()
  }

  /** Closes the stream; REST actions keep working. Disconnecting while signed out signs out the user's other tabs. */
  function disconnect() {
    const attempt = ++connectAttempt
    const wasConnected = connection !== null
    dropConnection()
    status.value = 'idle'
    const keyToTell = shareKey
    void Promise.resolve()
      .then(() => config.getToken())
      .then((token) => {
        if (token) return
        // Signed out: forget this user's alarms (the next user may share this page) and tell their other tabs.
        if (attempt === connectAttempt && !disposed) {
          resetState()
          currentUser = null
        }
        if (wasConnected && keyToTell !== null) postToOtherTabs(keyToTell, { type: 'signout' })
      })
      .catch(() => {})
  }

  /** Offline: stop the stream so no retry burns; online or visible again: connect at once, skipping the backoff. */
  const stopWatchingNetwork = config.ssr
    ? () => {}
    : watchNetwork({
        onOffline() {
          if (disposed || (connection === null && status.value !== 'connecting')) return
          connectAttempt += 1
          dropConnection()
          status.value = 'offline'
        },
        onOnline() {
          if (disposed || status.value !== 'offline') return
          status.value = 'idle'
          connect()
        },
        onVisible() {
          if (!disposed && status.value === 'retrying') connection?.reconnect()
        },
      })

  function shutdown() {
    if (disposed) return
    disconnect()
    disposed = true
    refresher.cancel()
  }

  const stopWatchingUnmount = config.onAppUnmount(shutdown)
  onScopeDispose(() => {
    stopWatchingUnmount()
    stopWatchingNetwork()
    shutdown()
  })

  if (config.autoConnect) connect()

  return {
    items,
    unreadCount,
    hasNewAlarms: skipHydrate(hasNewAlarms),
    status: skipHydrate(status),
    error: skipHydrate(error),
    lastEventId: skipHydrate(lastEventId),
    loading: skipHydrate(loading),
    holdsStream: skipHydrate(holdsStream),
    hasMore,
    totalCount,
    olderUnread,
    unreadFilterSupported: skipHydrate(unreadFilterSupported),
    unreadItems,
    hasMoreUnread,
    connect,
    disconnect,
    refresh,
    loadMore,
    markRead,
    markUnread,
    markAllRead,
    remove,
    acknowledge,
    subscribeNewAlarms,
    loadMoreUnread,
  }
})
