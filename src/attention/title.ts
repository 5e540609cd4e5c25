import type { AlarmTitleOptions } from './options'

/** The prefix `defaultTitleFormat` writes, so it can be taken off again. */
const COUNT_PREFIX = /^\(\d+\+?\) /

export function defaultTitleFormat(count: number, title: string): string {
  return `(${count > 99 ? '99+' : count}) ${title}`
}

/** The app's title without the count prefix. */
export function baseTitle(title: string): string {
  return title.replace(COUNT_PREFIX, '')
}

/** What the document title should read for `count` unread alarms, whatever prefix it carries now. */
export function titleForCount(current: string, count: number, format = defaultTitleFormat): string {
  const base = baseTitle(current)
  return count > 0 ? format(count, base) : base
}

export interface DocumentTitleBadge {
  set(count: number): void
  /** Puts the app's own title back and stops watching it. */
  stop(): void
}

/**
 * Keeps the count in front of `document.title`. A router that sets its own title replaces the `<title>` text:
 * a MutationObserver puts the prefix back on it (our own write is seen too, and is then already right).
 */
export function watchDocumentTitle(options: AlarmTitleOptions = {}): DocumentTitleBadge {
  let count = 0
  let base = baseTitle(document.title)
  const format = options.format ?? defaultTitleFormat

  function apply() {
    const wanted = count > 0 ? format(count, base) : base
    if (document.title !== wanted) document.title = wanted
  }

  const observer = new MutationObserver(() => {
    const current = document.title
    // A title the app wrote, not the one we wrote for the base we know.
    if (current !== (count > 0 ? format(count, base) : base)) base = baseTitle(current)
    apply()
  })
  observer.observe(document.head, { subtree: true, childList: true, characterData: true })

  return {
    set(next) {
      count = next
      apply()
    },
    stop() {
      observer.disconnect()
      count = 0
      apply()
    },
  }
}
