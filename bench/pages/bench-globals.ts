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
