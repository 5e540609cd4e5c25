/**
 * Forgets the oldest keys of `set` (a Set iterates in insertion order) until it holds at most `limit`: what is
 * remembered per alarm stays bounded by what is kept, however long the page stays open.
 */
export function trimOldest<T>(set: Set<T>, limit: number): Set<T> {
  for (const oldest of set) {
    if (set.size <= limit) break
    set.delete(oldest)
  }
  return set
}
