/** One logged API request. No token, cookie value or session id is ever kept. */
export interface RequestLogEntry {
  method: string
  path: string
  userId: number | null
  status: number
  /**
   * The credential the request carried, by header name and scheme only: `Authorization: Bearer`,
   * `Authorization: raw`, a custom header's name, `cookie` (a `SESSION` cookie), comma-separated when
   * several, or `none`.
   */
  auth: string
  /** Whether an `X-XSRF-TOKEN` header was sent. */
  xsrf: boolean
  lastEventId: string | null
  at: string
}

/** Enough for benchmarks; older entries fall off first. */
const MAX_LOG_ENTRIES = 10_000

export function createStats() {
  let requests: Record<string, number> = {}
  let requestLog: RequestLogEntry[] = []

  return {
    /** Counts a request under its route key, e.g. `PATCH /api/alarms/:id/read`. */
    count(routeKey: string): void {
      requests[routeKey] = (requests[routeKey] ?? 0) + 1
    },
    log(entry: RequestLogEntry): void {
      requestLog.push(entry)
      if (requestLog.length > MAX_LOG_ENTRIES) requestLog = requestLog.slice(-MAX_LOG_ENTRIES)
    },
    snapshot(): { requests: Record<string, number>; requestLog: RequestLogEntry[] } {
      return { requests: { ...requests }, requestLog: [...requestLog] }
    },
    reset(): void {
      requests = {}
      requestLog = []
    },
  }
}

export type Stats = ReturnType<typeof createStats>
