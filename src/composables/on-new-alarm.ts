import { getCurrentScope, onScopeDispose } from 'vue'
import type { Alarm } from '../alarms/types'
import { useAlarmsStore } from '../store'

/**
 * Calls `handler` once per alarm new to this page: pushed by the stream, replayed after a reconnect, or found
 * by the reconcile after one; never for the first load after sign-in, nor for older pages. For toasts, sounds,
 * analytics. Bound to the calling component's (or effect scope's) lifetime: it stops on unmount.
 * @returns a function that stops it earlier
 */
export function onNewAlarm(handler: (alarm: Alarm) => void): () => void {
  const store = useAlarmsStore()
  const unsubscribe = store.subscribeNewAlarms((alarms) => {
    for (const alarm of alarms) handler(alarm)
  })
  // `createTestingPinia` stubs actions, so in an app's component tests this is not a function.
  const stop = typeof unsubscribe === 'function' ? unsubscribe : () => {}
  if (getCurrentScope()) onScopeDispose(stop)
  return stop
}
