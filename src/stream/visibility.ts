/**
 * The one place that asks whether the page is visible. Reads `document` only when called (importing the stream must
 * work where there is none: Node, workers, SSR).
 */

/** `'visible'` or `'hidden'`; undefined where there is no page. */
export function pageVisibility(): DocumentVisibilityState | undefined {
  return typeof document === 'undefined' ? undefined : document.visibilityState
}

/**
 * Calls `onHidden`/`onVisible` as the page's visibility changes; returns undefined where there is no page. `hidden`
 * is the state at the time of the call.
 */
export function watchVisibility(onHidden: () => void, onVisible: () => void): { hidden: boolean; stop: () => void } | undefined {
  if (typeof document === 'undefined') return undefined
  const doc = document
  const onChange = () => (doc.hidden ? onHidden() : onVisible())
  doc.addEventListener('visibilitychange', onChange)
  return { hidden: doc.hidden, stop: () => doc.removeEventListener('visibilitychange', onChange) }
}
