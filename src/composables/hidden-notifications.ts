import { shallowRef, type ShallowRef } from 'vue'
import type { Alarm } from '../alarms/types'
import { onSessionEnd } from './on-session-end'
import { pageVisibility } from '../stream/visibility'

export type NotificationPermissionState = NotificationPermission | 'unsupported'

export interface HiddenNotifications {
  /** Browser permission for desktop notifications, 'unsupported' without the Notification API. */
  permission: ShallowRef<NotificationPermissionState>
  /** Asks for permission; call it only from a click or key handler, as browsers require a user gesture. */
  requestPermission(): Promise<void>
  /** Shows one notification per alarm, only while the page is hidden and permission is granted. */
  notify(alarm: Alarm, title: string, onClick: (alarm: Alarm) => void): void
  /** Closes every notification shown here that is still open (each by its alarm's tag). */
  closeAll(): void
  /** Replaces the burst's notifications so far with one that counts it ("12 new alarms"). */
  notifySummary(text: string, title: string, onClick: () => void): void
}

function currentPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

/**
 * Desktop notifications for alarms that arrive while the tab is hidden.
 * The bell calls it only in the tab that holds the stream; the alarm id is the notification `tag` as well, so
 * tabs that each run their own stream (no Web Locks) still leave one notification per alarm. When the session
 * ends (sign-out here or in another tab, another user, a refused renewal) the ones still open close.
 */
export function useHiddenNotifications(): HiddenNotifications {
  const permission = shallowRef<NotificationPermissionState>(currentPermission())
  /** Open ones, by tag: only the page that created a notification can close it. */
  const shown = new Map<string, Notification>()

  async function requestPermission(): Promise<void> {
    if (typeof Notification === 'undefined') return
    permission.value = await Notification.requestPermission()
  }

  function show(title: string, body: string, tag: string, onClick: () => void): void {
    if (typeof Notification === 'undefined' || typeof document === 'undefined') return
    if (pageVisibility() !== 'hidden' || Notification.permission !== 'granted') return
    // `body` is plain text by the Notification API's definition; the alarm content is never parsed as HTML.
    const notification = new Notification(title, { body, tag })
    shown.set(tag, notification)
    notification.onclose = () => {
      if (shown.get(tag) === notification) shown.delete(tag)
    }
    notification.onclick = () => {
      window.focus()
      notification.close()
      onClick()
    }
  }

  function closeAll(): void {
    const open = [...shown.values()]
    shown.clear()
    for (const notification of open) notification.close()
  }

  onSessionEnd(closeAll)

  return {
    permission,
    requestPermission,
    notify: (alarm, title, onClick) => show(title, alarm.content, `vue-sse-alarms:${String(alarm.id)}`, () => onClick(alarm)),
    notifySummary(text, title, onClick) {
      // The summary stands for the burst: the burst's own notifications so far go.
      closeAll()
      show(title, text, 'vue-sse-alarms:summary', onClick)
    },
    closeAll,
  }
}
