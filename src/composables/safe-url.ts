/** `resolveSafeUrl` against this page's origin: the link an alarm's `url` gives, or null. */
export function safeHref(url: string | null | undefined): string | null {
  return resolveSafeUrl(url, typeof location === 'undefined' ? 'http://localhost' : location.origin)
}

/**
 * The same-origin path to follow for an alarm's `url`, or null when it must not be followed.
 * Only http(s) URLs that resolve to `origin` pass: `javascript:`, `data:`, protocol-relative `//host`,
 * `/\host` (browsers read the backslash as a slash) and other origins all give null.
 * @param url the alarm's `url` as the backend sent it
 * @param origin the page origin, e.g. `location.origin`
 */
export function resolveSafeUrl(url: string | null | undefined, origin: string): string | null {
  if (typeof url !== 'string') return null
  const trimmed = url.trim()
  if (trimmed === '') return null
  let base: URL
  let resolved: URL
  try {
    base = new URL(origin)
    resolved = new URL(trimmed, base)
  } catch {
    return null
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return null
  if (resolved.origin !== base.origin) return null
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}
