import { getCurrentScope, onScopeDispose } from 'vue'
import { useAlarmsStore } from '../store'

/**
 * Calls `handler` when the signed-in user's session ends on this page: sign-out (in this tab or another tab of
 * that user), a change of user, or a refused renewal (`unauthorized`). For views that put alarms on screen on
 * their own (toasts, notifications, a title counter): drop all of it, as the store drops the list. May be called
 * twice for one end, so the handler should only clear. Bound to the calling component's (or effect scope's)
 * lifetime.
 * @returns a function that stops it earlier
 */
export function onSessionEnd(handler: () => void): () => void {
  const unsubscribe = useAlarmsStore().subscribeSessionEnd(handler)
  // `createTestingPinia` stubs actions, so in an app's component tests this is not a function.
  const stop = typeof unsubscribe === 'function' ? unsubscribe : () => {}
  if (getCurrentScope()) onScopeDispose(stop)
  return stop
}
