import { pageIsHidden } from './visibility'

/** How often the wake detector looks at the clock. */
export const WAKE_CHECK_PERIOD_MS = 5000
/** How late a check may be before it means the process slept. */
export const WAKE_TOLERANCE_MS = 10_000
/** The same while the page is hidden: browsers run a hidden page's timers as rarely as once a minute. */
export const HIDDEN_WAKE_TOLERANCE_MS = 120_000

/** Whether a check that came `elapsedMs` after the previous one means the process was asleep in between. */
export function sleptBetweenChecks(elapsedMs: number, hidden: boolean): boolean {
  return elapsedMs > WAKE_CHECK_PERIOD_MS + (hidden ? HIDDEN_WAKE_TOLERANCE_MS : WAKE_TOLERANCE_MS)
}

/**
 * Calls `onWake` when the wall clock jumped far past the check period: a laptop lid closed, a frozen tab, a
 * suspended VM. Nothing runs while the machine sleeps, and a socket the network dropped meanwhile says nothing
 * when it wakes: without this it would be trusted until the watchdog (if any) fires. The timer never keeps a
 * Node process alive.
 * Returns the function that stops it.
 */
export function watchForWake(onWake: () => void, now: () => number = () => Date.now(), isHidden: () => boolean = pageIsHidden): () => void {
  let lastCheckAt = now()
  const timer = setInterval(() => {
    const at = now()
    const elapsedMs = at - lastCheckAt
    lastCheckAt = at
    if (sleptBetweenChecks(elapsedMs, isHidden())) onWake()
  }, WAKE_CHECK_PERIOD_MS)
  // A number in browsers, which have no unref.
  ;(timer as { unref?: () => void }).unref?.()
  return () => clearInterval(timer)
}
