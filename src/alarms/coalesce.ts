export interface CoalescerOptions {
  /**
   * How long a scheduled run waits for more triggers before it starts, so a burst folds into one run.
   * @default 0
   */
  delayMs?: number
}

export interface Coalescer {
  /** Run as soon as possible (now when idle). Resolves or rejects with the run that serves this call. */
  run(): Promise<void>
  /** Run after `delayMs`; errors are left to the task itself. */
  schedule(): void
  /** True while a run is in flight. */
  readonly running: boolean
  /** True while a run is queued (triggered after the one in flight started). */
  readonly pending: boolean
  /** Drop the queued run and any pending timer; a run in flight finishes but starts nothing after it. */
  cancel(): void
}

interface QueuedRun {
  promise: Promise<void>
  resolve: () => void
  reject: (error: unknown) => void
  /** Someone asked for it to start without waiting for the delay. */
  urgent: boolean
}

function queuedRun(urgent: boolean): QueuedRun {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A run nobody awaits (only scheduled) must not surface as an unhandled rejection.
  promise.catch(() => {})
  return { promise, resolve, reject, urgent }
}

/**
 * Folds any number of triggers into at most one run in flight plus at most one queued after it.
 * A trigger that arrives while a run is in flight is served by the queued run, which starts after
 * that trigger, so the last trigger of a burst is always followed by a complete run.
 */
export function createCoalescer(task: () => Promise<void>, options: CoalescerOptions = {}): Coalescer {
  const { delayMs = 0 } = options
  let running = false
  let cancelled = false
  let queued: QueuedRun | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  function clearTimer() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  function start() {
    clearTimer()
    const current = queued
    if (!current || cancelled) return
    queued = null
    running = true
    let result: Promise<void>
    try {
      result = Promise.resolve(task())
    } catch (error) {
      result = Promise.reject(error)
    }
    result.then(current.resolve, current.reject).finally(() => {
      running = false
      if (queued) startLater()
    })
  }

  function startLater() {
    if (cancelled || running || timer !== undefined || !queued) return
    if (queued.urgent || delayMs <= 0) start()
    else timer = setTimeout(start, delayMs)
  }

  function request(urgent: boolean): Promise<void> {
    if (cancelled) return Promise.resolve()
    if (queued) queued.urgent ||= urgent
    else queued = queuedRun(urgent)
    const promise = queued.promise
    if (urgent && timer !== undefined) start()
    else startLater()
    return promise
  }

  return {
    run: () => request(true),
    schedule: () => {
      void request(false)
    },
    get running() {
      return running
    },
    get pending() {
      return queued !== null
    },
    cancel() {
      cancelled = true
      clearTimer()
      queued?.resolve()
      queued = null
    },
  }
}
