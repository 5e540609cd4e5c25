/** Time a task may spend before it hands the main thread back; a long task is one over 50 ms. */
export interface TaskBudget {
  /** True once the current task has run the budget (counted from the task's first call here). */
  exhausted(): boolean
  /** Ends the task: the rest resumes in a new one, after the page had a chance to paint and handle input. */
  yield(): Promise<void>
  /** Stops watching for task boundaries. */
  close(): void
}

function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  // A message is a task without `setTimeout`'s 4 ms clamp on nested timers, and fake timers do not stop it.
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

/**
 * Measures how long the current task has run. A task's start is not observable, so a message posted when the clock
 * starts marks the boundary: once it was delivered, any later call runs in a newer task and restarts the clock.
 * Work resumed within one task (bytes already buffered, read in a microtask) keeps counting.
 */
export function createTaskBudget(budgetMs: number): TaskBudget {
  const channel = new MessageChannel()
  let startedAt = 0
  let boundaryPassed = true
  channel.port1.onmessage = () => (boundaryPassed = true)
  function restart(): void {
    boundaryPassed = false
    startedAt = performance.now()
    channel.port2.postMessage(null)
  }
  return {
    exhausted() {
      if (boundaryPassed) restart()
      return performance.now() - startedAt >= budgetMs
    },
    async yield() {
      await yieldToMain()
      restart()
    },
    close: () => channel.port1.close(),
  }
}
