/**
 * The one place that asks whether the page is visible. Reads `document` only when called (importing the stream must
 * work where there is none: Node, workers, SSR).
 */

/** `'visible'` or `'hidden'`; undefined where there is no page. */
export function pageVisibility(): DocumentVisibilityState | undefined {
  return typeof document === 'undefined' ? undefined : document.visibilityState
}

/** Whether there is a page and it is hidden. */
export const pageIsHidden = () => pageVisibility() === 'hidden'

/**
 * Calls `onHidden`/`onVisible` as the page's visibility changes; returns the function that stops, or undefined where
 * there is no page.
 */
export function watchVisibility(onHidden: () => void, onVisible: () => void): (() => void) | undefined {
  if (typeof document === 'undefined') return undefined
  // The document listened to is the one stopped: the global may name another by then (tests swap it per client).
  const doc = document
  const onChange = () => (doc.visibilityState === 'hidden' ? onHidden() : onVisible())
  doc.addEventListener('visibilitychange', onChange)
  return () => doc.removeEventListener('visibilitychange', onChange)
}
