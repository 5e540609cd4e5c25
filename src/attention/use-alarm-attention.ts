import { getCurrentScope, inject, onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { Alarm } from '../alarms/types'
import { ALARMS_OPTIONS_KEY } from '../options'
import { useAlarmsStore } from '../store'
import { setAppBadgeCount } from './app-badge'
import { createBurstGate } from './burst'
import { createFaviconBadge } from './favicon'
import { enabled, type AlarmAttentionOptions, type AlarmSoundOptions } from './options'
import { createAlarmSound } from './sound'
import { watchDocumentTitle } from './title'

/** Options of `useAlarmAttention()`: the signals to turn on, over those given to `createAlarms({ attention })`. */
export interface UseAlarmAttentionOptions extends AlarmAttentionOptions {
  /**
   * While it returns true no sound plays (quiet hours, do not disturb); title, favicon and badge still follow.
   * @default () => false
   */
  isQuiet?: () => boolean
}

/** What `useAlarmAttention()` returns. */
export interface UseAlarmAttentionReturn {
  /** Whether a user gesture has unlocked audio (false until then, and without `sound`). */
  soundUnlocked: Readonly<ShallowRef<boolean>>
  /** Stops every signal and restores the title, favicon and badge (also done when the scope ends). */
  stop(): void
}

/**
 * The attention signals of `createAlarms({ attention })`, merged with `options`: call it once, in the app's root
 * component. Title, favicon and app badge follow the unread count in every tab (cleared at 0, so on sign-out too);
 * the sound plays only in the tab that holds the stream, once per burst, after a user gesture.
 */
export function useAlarmAttention(options: UseAlarmAttentionOptions = {}): UseAlarmAttentionReturn {
  const store = useAlarmsStore()
  const settings: UseAlarmAttentionOptions = { ...inject(ALARMS_OPTIONS_KEY, null)?.attention, ...options }
  const soundUnlocked = shallowRef(false)
  if (typeof document === 'undefined') return { soundUnlocked, stop() {} }

  const titleOptions = enabled(settings.title)
  const faviconOptions = enabled(settings.favicon)
  const soundOptions = enabled<AlarmSoundOptions>(settings.sound)
  const title = titleOptions && watchDocumentTitle(titleOptions)
  const favicon = faviconOptions && createFaviconBadge(faviconOptions)
  const appBadge = settings.appBadge === true

  const stopWatchingCount = watch(
    () => store.unreadCount,
    (count) => {
      title?.set(count)
      favicon?.set(count)
      if (appBadge) setAppBadgeCount(count)
    },
    { immediate: true },
  )

  let stopSound = () => {}
  if (soundOptions) {
    const sound = createAlarmSound(soundOptions)
    const startsBurst = createBurstGate(soundOptions.burstGapMs ?? 2000)
    const mayRing = (alarm: Alarm) => !alarm.isRead && (soundOptions.filter?.(alarm) ?? true)
    const unsubscribe = store.subscribeNewAlarms((alarms) => {
      const ringing = alarms.find(mayRing)
      // The same rule as desktop notifications: one tab speaks for all of this user's tabs.
      if (!ringing || !store.holdsStream) return
      if (!startsBurst(Date.now()) || settings.isQuiet?.()) return
      sound.play(ringing.type)
      soundUnlocked.value = sound.unlocked
    })
    const refreshUnlocked = () => (soundUnlocked.value = sound.unlocked)
    window.addEventListener('pointerdown', refreshUnlocked)
    window.addEventListener('keydown', refreshUnlocked)
    refreshUnlocked()
    stopSound = () => {
      unsubscribe()
      window.removeEventListener('pointerdown', refreshUnlocked)
      window.removeEventListener('keydown', refreshUnlocked)
      sound.stop()
    }
  }

  let stopped = false
  function stop() {
    if (stopped) return
    stopped = true
    stopWatchingCount()
    stopSound()
    title?.stop()
    favicon?.stop()
    if (appBadge) setAppBadgeCount(0)
  }
  if (getCurrentScope()) onScopeDispose(stop)
  return { soundUnlocked, stop }
}
