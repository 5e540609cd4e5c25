export interface CoalescerOptions {
  /**
   * Trailing quiet period: a scheduled run starts once no trigger came for this long, so a burst folds into one run.
   * @default 0
   */
  delayMs?: number
  /**
   * Longest a scheduled run waits while triggers keep coming (a burst spread over seconds still refreshes).
   * @default Infinity
   */
  maxWaitMs?: number
}

export interface Coalescer {
  /** Run as soon as possible (now when idle). Resolves or rejects with the run that serves this call. */
  run(): Promise<void>
  /** Run once triggers have been quiet for `delayMs` (or after `maxWaitMs`); errors are left to the task itself. */
  schedule(): void
  /** Aborts the run in flight through its signal; it counts as finished, whatever is queued still runs. */
  abortRunning(): void
  /** True while a run is in flight. */
  readonly running: boolean
  /** True while a run is queued (triggered after the one in flight started). */
  readonly pending: boolean
  /** Drop the queued run and its timers and abort the run in flight; nothing starts after it. */
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

type Timer = ReturnType<typeof setTimeout>

/**
 * Folds any number of triggers into at most one run in flight plus at most one queued after it. A trigger that
 * arrives while a run is in flight is served by the queued run, which starts after that trigger, so the last trigger
 * of a burst is always followed by a complete run. Each run gets its own `AbortSignal`.
 */
export function createCoalescer(task: (signal: AbortSignal) => Promise<void>, options: CoalescerOptions = {}): Coalescer {
  const { delayMs = 0, maxWaitMs = Number.POSITIVE_INFINITY } = options
  let running: AbortController | null = null
  let cancelled = false
  let queued: QueuedRun | null = null
  let quietTimer: Timer | undefined
  let maxWaitTimer: Timer | undefined
  /** The queued run's moment to start is due (a timer fired while another run was in flight). */
  let due = false

  function clearTimers() {
    clearTimeout(quietTimer)
    clearTimeout(maxWaitTimer)
    quietTimer = maxWaitTimer = undefined
  }

  function start() {
    clearTimers()
    due = false
    const current = queued
    if (!current || cancelled) return
    queued = null
    const controller = new AbortController()
    running = controller
    let result: Promise<void>
    try {
      result = Promise.resolve(task(controller.signal))
    } catch (error) {
      result = Promise.reject(error)
    }
    result.then(current.resolve, current.reject).finally(() => {
      if (running === controller) running = null
      if (queued && (due || queued.urgent)) start()
    })
  }

  /** Starts now, or marks the queued run due so it starts when the one in flight ends. */
  function fire() {
    clearTimers()
    if (running) due = true
    else start()
  }

  function request(urgent: boolean): Promise<void> {
    if (cancelled) return Promise.resolve()
    if (queued) queued.urgent ||= urgent
    else {
      queued = queuedRun(urgent)
      if (!urgent && Number.isFinite(maxWaitMs)) maxWaitTimer = setTimeout(fire, maxWaitMs)
    }
    const promise = queued.promise
    if (urgent || delayMs <= 0) fire()
    else {
      clearTimeout(quietTimer)
      quietTimer = setTimeout(fire, delayMs)
    }
    return promise
  }

  return {
    run: () => request(true),
    schedule: () => {
      void request(false)
    },
    abortRunning() {
      running?.abort()
    },
    get running() {
      return running !== null
    },
    get pending() {
      return queued !== null
    },
    cancel() {
      cancelled = true
      clearTimers()
      running?.abort()
      queued?.resolve()
      queued = null
    },
  }
}
