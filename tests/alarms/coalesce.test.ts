import { afterEach, describe, expect, test, vi } from 'vitest'
import { createCoalescer } from '../../src/alarms/coalesce'

function controlledTask() {
  const releases: (() => void)[] = []
  let started = 0
  const task = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        started += 1
        releases.push(resolve)
      }),
  )
  return {
    task,
    get started() {
      return started
    },
    releaseNext() {
      releases.shift()?.()
    },
  }
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

afterEach(() => {
  vi.useRealTimers()
})

describe('createCoalescer', () => {
  test('a burst of 200 triggers while a run is in flight costs one more run', async () => {
    const control = controlledTask()
    const coalescer = createCoalescer(control.task)
    const first = coalescer.run()
    for (let i = 0; i < 200; i++) coalescer.schedule()
    expect(control.started).toBe(1)
    control.releaseNext()
    await first
    await tick()
    expect(control.started).toBe(2)
    control.releaseNext()
    await tick()
    expect(control.task).toHaveBeenCalledTimes(2)
    expect(coalescer.running).toBe(false)
  })

  test('pending tells whether a trigger came in after the run in flight started', async () => {
    const control = controlledTask()
    const coalescer = createCoalescer(control.task)
    const first = coalescer.run()
    expect(coalescer.running).toBe(true)
    expect(coalescer.pending).toBe(false)
    coalescer.schedule()
    expect(coalescer.pending).toBe(true)
    control.releaseNext()
    await first
    await tick()
    expect(coalescer.pending).toBe(false)
    control.releaseNext()
  })

  test('the queued run starts after the last trigger, and run() resolves with it', async () => {
    const control = controlledTask()
    const coalescer = createCoalescer(control.task)
    void coalescer.run()
    const second = coalescer.run()
    const third = coalescer.run()
    expect(second).toBe(third)
    let resolved = false
    void second.then(() => (resolved = true))
    control.releaseNext()
    await tick()
    expect(resolved).toBe(false)
    control.releaseNext()
    await second
    expect(control.started).toBe(2)
  })

  test('schedule() waits delayMs so a burst spread over time folds into one run', async () => {
    vi.useFakeTimers()
    const task = vi.fn(async () => {})
    const coalescer = createCoalescer(task, { delayMs: 100 })
    for (let i = 0; i < 50; i++) {
      coalescer.schedule()
      await vi.advanceTimersByTimeAsync(1)
    }
    expect(task).toHaveBeenCalledTimes(0)
    await vi.advanceTimersByTimeAsync(100)
    expect(task).toHaveBeenCalledTimes(1)
  })

  test('run() skips a pending delay', async () => {
    vi.useFakeTimers()
    const task = vi.fn(async () => {})
    const coalescer = createCoalescer(task, { delayMs: 10_000 })
    coalescer.schedule()
    await coalescer.run()
    expect(task).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(task).toHaveBeenCalledTimes(1)
  })

  test('a failing run rejects its callers but not scheduled triggers, and the next run still happens', async () => {
    let calls = 0
    const coalescer = createCoalescer(async () => {
      calls += 1
      if (calls === 1) throw new Error('first fails')
    })
    await expect(coalescer.run()).rejects.toThrow('first fails')
    coalescer.schedule()
    await tick()
    expect(calls).toBe(2)
  })

  test('cancel() drops the queued run and the pending timer', async () => {
    vi.useFakeTimers()
    const task = vi.fn(async () => {})
    const coalescer = createCoalescer(task, { delayMs: 50 })
    coalescer.schedule()
    coalescer.cancel()
    await vi.advanceTimersByTimeAsync(100)
    coalescer.schedule()
    await expect(coalescer.run()).resolves.toBeUndefined()
    expect(task).not.toHaveBeenCalled()
  })

  test('schedule() is a trailing debounce: a burst one trigger every 3 ms for 400 ms runs once, after it', async () => {
    vi.useFakeTimers()
    const task = vi.fn(async () => {})
    const coalescer = createCoalescer(task, { delayMs: 100, maxWaitMs: 1000 })
    for (let elapsed = 0; elapsed < 400; elapsed += 3) {
      coalescer.schedule()
      await vi.advanceTimersByTimeAsync(3)
    }
    expect(task).toHaveBeenCalledTimes(0)
    await vi.advanceTimersByTimeAsync(100)
    expect(task).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(task).toHaveBeenCalledTimes(1)
  })

  test('maxWaitMs bounds the wait while triggers keep coming', async () => {
    vi.useFakeTimers()
    const task = vi.fn(async () => {})
    const coalescer = createCoalescer(task, { delayMs: 100, maxWaitMs: 1000 })
    for (let elapsed = 0; elapsed < 2500; elapsed += 50) {
      coalescer.schedule()
      await vi.advanceTimersByTimeAsync(50)
    }
    // One run at 1 s, one at 2 s, then the trailing one after the last trigger.
    expect(task).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(task).toHaveBeenCalledTimes(3)
  })

  test('abortRunning() aborts the run in flight through its signal; a queued run still follows', async () => {
    const signals: AbortSignal[] = []
    const releases: (() => void)[] = []
    const coalescer = createCoalescer((signal) => {
      signals.push(signal)
      return new Promise<void>((resolve) => releases.push(resolve))
    })
    const first = coalescer.run()
    coalescer.abortRunning()
    coalescer.schedule()
    expect(signals[0]!.aborted).toBe(true)
    releases.shift()!()
    await first
    await tick()
    expect(signals).toHaveLength(2)
    expect(signals[1]!.aborted).toBe(false)
    releases.shift()!()
  })
})
