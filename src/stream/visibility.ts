/**
 * Calls `onHidden`/`onVisible` as the page's visibility changes. Reads `document` only when called (importing the
 * stream must work where there is none); returns undefined there. `hidden` is the state at the time of the call.
 */
export function watchVisibility(onHidden: () => void, onVisible: () => void): { hidden: boolean; stop: () => void } | undefined {
  if (typeof document === 'undefined') return undefined
  const doc = document
  const onChange = () => (doc.hidden ? onHidden() : onVisible())
  doc.addEventListener('visibilitychange', onChange)
  return { hidden: doc.hidden, stop: () => doc.removeEventListener('visibilitychange', onChange) }
}
