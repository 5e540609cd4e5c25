/** The Badging API, where the browser has it (installed apps in Chromium, Safari). */
interface BadgingNavigator {
  setAppBadge?: (count?: number) => Promise<void>
  clearAppBadge?: () => Promise<void>
}

/** Sets the app badge to `count`, clears it at 0; does nothing without the API, and ignores its refusals. */
export function setAppBadgeCount(count: number): void {
  if (typeof navigator === 'undefined') return
  const badging = navigator as BadgingNavigator
  const request = count > 0 ? badging.setAppBadge?.(count) : badging.clearAppBadge?.()
  // Rejected when the page may not badge (not installed, no permission): nothing to show then.
  request?.catch(() => {})
}
