/**
 * Every string reachable from a value: error messages, stacks and causes (also of nested errors),
 * own properties of objects and arrays. Used to prove a token appears nowhere in what a failure reports.
 */
export function reachableText(value: unknown, seen = new Set<unknown>()): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value !== 'object' && typeof value !== 'function') return String(value)
  if (seen.has(value)) return ''
  seen.add(value)
  const parts: string[] = []
  if (value instanceof Error) {
    parts.push(value.name, value.message, value.stack ?? '', reachableText((value as { cause?: unknown }).cause, seen))
  }
  for (const key of Object.getOwnPropertyNames(value)) {
    let child: unknown
    try {
      child = (value as Record<string, unknown>)[key]
    } catch {
      continue
    }
    if (typeof child !== 'function') parts.push(key, reachableText(child, seen))
  }
  return parts.join('\n')
}

/** The parts of a token worth searching for: the whole token and its signature (a truncated token still leaks it). */
export function tokenFragments(token: string): string[] {
  const signature = token.split('.')[1]
  return signature && signature.length >= 16 ? [token, signature] : [token]
}

export function findLeaks(haystack: string, tokens: Iterable<string>): string[] {
  const leaks: string[] = []
  for (const token of tokens) {
    for (const fragment of tokenFragments(token)) if (haystack.includes(fragment)) leaks.push(fragment.slice(0, 12))
  }
  return leaks
}
