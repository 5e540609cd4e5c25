import type { AlarmStreamStatus, AlarmStreamStatusInfo } from '../stream/types'
import { pageVisibility } from '../stream/visibility'
import { watchNetwork } from '../tabs'

/** A tab hidden this long reconnects when it comes back and nothing arrived meanwhile (its timers were throttled). */
const LONG_HIDDEN_MS = 30_000
/** How late the tab holding a shared stream may be with its announced retry before a visible tab asks it to hurry. */
const LATE_RETRY_GRACE_MS = 500

export interface NudgeHooks {
  /** The connection's status now. */
  status(): string
  /** This tab runs the stream itself (otherwise another tab holds it and relays). */
  holdsStream(): boolean
  /** When this tab last received an event. */
  lastEventAt(): number
  /** Reconnect now, skipping the backoff; a tab that only listens asks the tab holding the stream. */
  reconnect(): void
  offline(): void
  online(): void
}

export interface Nudges {
  /** Every status the connection reports, to notice a late retry. */
  onStatus(status: AlarmStreamStatus, info: AlarmStreamStatusInfo): void
  stop(): void
}

/**
 * Reasons to reconnect now rather than wait: the network is back; the page is visible again after a long time hidden
 * (its timers were throttled, its socket may be dead); the tab holding the shared stream is late with the retry it
 * announced: a hidden tab's timers run as rarely as once a minute (Chrome's intensive throttling), so a visible tab
 * that keeps its own clock asks it to reconnect at once. SSR-safe: without a DOM nothing is watched.
 */
export function watchNudges(hooks: NudgeHooks): Nudges {
  let hiddenAt: number | null = null
  let lateTimer: ReturnType<typeof setTimeout> | undefined

  const stopWatchingNetwork = watchNetwork({
    onOffline: () => hooks.offline(),
    onOnline: () => hooks.online(),
    onHidden() {
      hiddenAt = Date.now()
    },
    onVisible() {
      const wasHiddenLong = hiddenAt !== null && Date.now() - hiddenAt >= LONG_HIDDEN_MS && hooks.lastEventAt() < hiddenAt
      hiddenAt = null
      const status = hooks.status()
      if (status === 'retrying' || (status === 'open' && wasHiddenLong)) hooks.reconnect()
    },
  })

  return {
    onStatus(status, info) {
      clearTimeout(lateTimer)
      lateTimer = undefined
      if (status !== 'retrying' || info.delayMs === undefined || hooks.holdsStream()) return
      lateTimer = setTimeout(() => {
        lateTimer = undefined
        if (pageVisibility() === 'visible' && hooks.status() === 'retrying') hooks.reconnect()
      }, info.delayMs + LATE_RETRY_GRACE_MS)
    },
    stop() {
      clearTimeout(lateTimer)
      stopWatchingNetwork()
    },
  }
}
