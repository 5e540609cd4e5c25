import { getCurrentInstance } from 'vue'
import type { Alarm } from '../alarms/types'
import { useAlarmsStore } from '../store'
import { safeHref } from './safe-url'

/** A modified click (new tab, new window, download) is left to the browser. */
function isModifiedClick(event: MouseEvent): boolean {
  return event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button === 1
}

/**
 * What picking an alarm does, in the panel and in a toast: mark it read, then hand it to the component's
 * `@select` listener, or, without one, follow its `url` when that is a same-origin link (after the read is
 * recorded: leaving the page would cancel the request). Call from a component's setup.
 */
export function useSelectAlarm(emitSelect: (alarm: Alarm) => void) {
  const store = useAlarmsStore()
  const instance = getCurrentInstance()
  const href = (alarm: Alarm) => safeHref(alarm.url)

  async function select(alarm: Alarm, event?: MouseEvent): Promise<void> {
    const read = alarm.isRead ? Promise.resolve() : Promise.resolve(store.markRead(alarm.id)).catch(() => {})
    if (instance?.vnode.props?.onSelect) {
      event?.preventDefault()
      emitSelect(alarm)
      return
    }
    const target = href(alarm)
    if (!target || (event && isModifiedClick(event))) return
    event?.preventDefault()
    await read
    window.location.assign(target)
  }

  return { href, select }
}
