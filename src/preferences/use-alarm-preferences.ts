import { defineStore } from 'pinia'
import { computed, inject, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import type { AlarmsError } from '../errors'
import { toAlarmsError } from '../api/errors'
import { ALARMS_OPTIONS_KEY } from '../options'
import { useAlarmsStore } from '../store'
import { SHARED_CONNECTION_PREFIX } from '../tabs/shared-connection'
import { allowsChannel, parsePreferences, withChannel, type AlarmChannel, type AlarmPreferences } from './preferences'
import { localPreferencesStorage, remotePreferencesStorage } from './storage'

/** Preferences of a signed-in session whose user has no key (opaque tokens, cookie sessions without `userKey`). */
const UNNAMED_USER = 'default'

interface ChangeMessage {
  user: string
  preferences: AlarmPreferences
}

/** One per pinia: every component that asks shares the loaded switches, and the tabs tell each other of changes. */
const usePreferencesStore = /* @__PURE__ */ defineStore('alarms-preferences', () => {
  const config = inject(ALARMS_OPTIONS_KEY, null)
  const alarms = useAlarmsStore()
  const endpoint = config?.preferences.endpoint
  const storage = config && endpoint ? remotePreferencesStorage(config, endpoint) : localPreferencesStorage()
  const preferences = shallowRef<AlarmPreferences>({})
  const loading = shallowRef(false)
  const error = shallowRef<AlarmsError | null>(null)
  const owner = computed(() => (alarms.status === 'idle' && alarms.user === null ? null : (alarms.user ?? UNNAMED_USER)))
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${SHARED_CONNECTION_PREFIX}preferences`)
  let loadCount = 0

  async function load(user: string | null) {
    const current = ++loadCount
    preferences.value = {}
    error.value = null
    if (user === null) return
    loading.value = true
    try {
      const loaded = await storage.load(user)
      if (current === loadCount) preferences.value = loaded
    } catch (cause) {
      if (current === loadCount) error.value = toAlarmsError(cause, 'load preferences')
    } finally {
      if (current === loadCount) loading.value = false
    }
  }

  // A user switch loads the other user's switches; signed out, everything is on again.
  watch(owner, (user) => void load(user), { immediate: true })

  onScopeDispose(() => channel?.close())
  channel?.addEventListener('message', (event: MessageEvent<ChangeMessage>) => {
    if (event.data?.user === owner.value) preferences.value = parsePreferences(event.data.preferences)
  })

  async function set(type: string, switched: AlarmChannel, on: boolean) {
    const user = owner.value
    if (user === null) return
    const before = preferences.value
    const next = withChannel(before, type, switched, on)
    preferences.value = next
    channel?.postMessage({ user, preferences: next } satisfies ChangeMessage)
    try {
      await storage.save(user, next)
      error.value = null
    } catch (cause) {
      // Rolled back here and in the other tabs, which took the change at once.
      if (preferences.value === next) preferences.value = before
      channel?.postMessage({ user, preferences: before } satisfies ChangeMessage)
      error.value = toAlarmsError(cause, 'save preferences')
    }
  }

  return { preferences, loading, error, set }
})

/** What `useAlarmPreferences()` returns: the signed-in user's switches per alarm type and channel. */
export interface UseAlarmPreferencesReturn {
  /** Per type, the channels switched off or on; absent means on. */
  preferences: Readonly<Ref<AlarmPreferences>>
  loading: Readonly<Ref<boolean>>
  /** Why loading or saving failed; a failed save is rolled back. */
  error: Readonly<Ref<AlarmsError | null>>
  /** Whether alarms of `type` may use `channel`. */
  allows(type: string, channel: AlarmChannel): boolean
  /** Switches one channel of one type, saved for this user and applied in all of their tabs. */
  set(type: string, channel: AlarmChannel, on: boolean): Promise<void>
  /** The types the switches are for: `types` if given, else every type held in the list or in the preferences. */
  types: ComputedRef<string[]>
}

/** Options of `useAlarmPreferences()`. */
export interface UseAlarmPreferencesOptions {
  /**
   * The alarm types to offer switches for.
   * @default the types of the alarms held, and those already in the preferences
   */
  types?: string[]
}

/**
 * Per-type switches for toasts, sounds and desktop notifications, kept per user (`localStorage`, or the backend
 * with `createAlarms({ preferences: { endpoint } })`) and synced across the user's tabs.
 */
export function useAlarmPreferences(options: UseAlarmPreferencesOptions = {}): UseAlarmPreferencesReturn {
  const store = usePreferencesStore()
  const alarms = useAlarmsStore()
  const preferences = computed(() => store.preferences)
  const types = computed(() => {
    if (options.types) return options.types
    const found = new Set([...Object.keys(store.preferences), ...alarms.items.map((alarm) => alarm.type)])
    found.delete('')
    return [...found].sort()
  })
  return {
    preferences,
    loading: computed(() => store.loading),
    error: computed(() => store.error),
    allows: (type, channel) => allowsChannel(store.preferences, type, channel),
    set: (type, channel, on) => store.set(type, channel, on),
    types,
  }
}
