import { watchVisibility } from '../stream/visibility'

export interface NetworkWatchHandlers {
  /** The browser went offline: stop the stream so no retry timer burns. */
  onOffline: () => void
  /** The browser is back online: reconnect at once, skipping the backoff. */
  onOnline: () => void
  /** The page became visible again: reconnect at once if the stream is down. */
  onVisible: () => void
  /** The page was hidden: its timers may be throttled from now on. */
  onHidden?: () => void
}

/** True when the browser says it is offline; false wherever that cannot be known (SSR, Node). */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

/** Listens to online/offline and visibility; returns the function that removes every listener. SSR-safe. */
export function watchNetwork(handlers: NetworkWatchHandlers): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => {}
  const stopWatchingVisibility = watchVisibility(() => handlers.onHidden?.(), handlers.onVisible)
  window.addEventListener('offline', handlers.onOffline)
  window.addEventListener('online', handlers.onOnline)
  return () => {
    window.removeEventListener('offline', handlers.onOffline)
    window.removeEventListener('online', handlers.onOnline)
    stopWatchingVisibility?.()
  }
}
