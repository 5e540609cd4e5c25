import { AsyncLocalStorage } from 'node:async_hooks'

/** The part of `document` the stream's `openWhenHidden: false` mode uses, one per simulated tab. */
export class FakeDocument extends EventTarget {
  hidden = false

  get visibilityState(): 'hidden' | 'visible' {
    return this.hidden ? 'hidden' : 'visible'
  }

  setHidden(hidden: boolean): void {
    if (this.hidden === hidden) return
    this.hidden = hidden
    this.dispatchEvent(new Event('visibilitychange'))
  }
}

const currentTab = new AsyncLocalStorage<FakeDocument>()

/**
 * Makes the global `document` resolve to the tab whose code is running (via async context), so several
 * simulated tabs live in one Node process. Outside any tab `typeof document` stays 'undefined', as in Node.
 * @returns a function that removes the global again
 */
export function installTabDocuments(): () => void {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'document')
  Object.defineProperty(globalThis, 'document', { configurable: true, get: () => currentTab.getStore() })
  return () => {
    if (previous) Object.defineProperty(globalThis, 'document', previous)
    else delete (globalThis as { document?: unknown }).document
  }
}

/** Runs `work` as code of the tab `doc`; everything it starts (timers, promises, fetches) stays in that tab. */
export function inTab<T>(doc: FakeDocument, work: () => T): T {
  return currentTab.run(doc, work)
}
