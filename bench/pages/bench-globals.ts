/** Set by the bench (an init script) before the page's own code runs. */
export interface BenchPageConfig {
  token: string
  userId: number
  /** Ours: share one stream between the tabs of a user. @default true */
  sharedConnection?: boolean
}

declare global {
  interface Window {
    __BENCH__: BenchPageConfig
    /** What the page exposes back to the bench. */
    __benchPage?: Record<string, unknown>
  }
}

export const config = (): BenchPageConfig => window.__BENCH__

/**
 * The bare pages' bell: a button whose accessible name and text the latency bench watches, drawn without Vue.
 * @returns the function that counts one more unread alarm.
 */
export function mountBareBadge(): () => void {
  const button = document.createElement('button')
  button.className = 'vsa-bell__button'
  const badge = document.createElement('span')
  button.append(badge)
  document.querySelector('#app')!.append(button)
  let unread = 0
  return () => {
    unread++
    button.setAttribute('aria-label', `Notifications, ${unread} unread`)
    badge.textContent = String(unread)
  }
}
