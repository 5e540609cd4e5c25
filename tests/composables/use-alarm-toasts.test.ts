// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { useAlarmToasts, type UseAlarmToastsOptions, type UseAlarmToastsReturn } from '../../src'
import { alarm, createStoreHarness } from '../components/store-harness'
import { mountInBodyPerTest } from '../helpers/mount-in-body'

const mountInBody = mountInBodyPerTest({ fakeTimers: true })

/** A bare toast stack over the composable, as an app writes one. */
function mountStack(options: UseAlarmToastsOptions = {}) {
  const harness = createStoreHarness()
  let queue!: UseAlarmToastsReturn
  const Stack = defineComponent(() => {
    queue = useAlarmToasts(options)
    return () =>
      h('section', { ref: queue.region }, [
        ...queue.toasts.value.map((toast) => h('button', { key: toast.key, class: 'toast' }, toast.alarm.content)),
      ])
  })
  const wrapper = mountInBody(Stack, { global: { plugins: harness.plugins } })
  return { wrapper, queue, ...harness }
}

const keys = (queue: UseAlarmToastsReturn) => queue.toasts.value.map((toast) => toast.key)

describe('useAlarmToasts', () => {
  it('queues new alarms newest first, at most `max`, each gone after `duration`', async () => {
    const { queue, wrapper, emitNew } = mountStack({ max: 2, duration: 1000 })
    emitNew([alarm(1), alarm(2), alarm(3)])
    await nextTick()
    expect(keys(queue)).toEqual(['3', '2'])
    expect(wrapper.findAll('.toast').map((node) => node.text())).toEqual(['Alarm 3', 'Alarm 2'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(keys(queue)).toEqual([])
  })

  it('follows options given as refs, and skips what the filter refuses', async () => {
    const max = ref(1)
    const { queue, emitNew } = mountStack({ max, filter: (candidate) => candidate.id !== 2 })
    emitNew([alarm(1), alarm(2)])
    expect(keys(queue)).toEqual(['1'])
    max.value = 3
    emitNew([alarm(3), alarm(4)])
    expect(keys(queue)).toEqual(['4', '3', '1'])
  })

  it('pauses the timers while the pointer is over the region, and resumes with the time left', async () => {
    const { queue, wrapper, emitNew } = mountStack({ duration: 1000 })
    await nextTick()
    emitNew([alarm(1)])
    await vi.advanceTimersByTimeAsync(600)
    wrapper.element.dispatchEvent(new Event('pointerenter'))
    await vi.advanceTimersByTimeAsync(5000)
    expect(keys(queue)).toEqual(['1'])
    wrapper.element.dispatchEvent(new Event('pointerleave'))
    await vi.advanceTimersByTimeAsync(399)
    expect(keys(queue)).toEqual(['1'])
    await vi.advanceTimersByTimeAsync(1)
    expect(keys(queue)).toEqual([])
  })

  it('dismisses one toast, and clears all with the summary when the session ends', async () => {
    const onSummaryClose = vi.fn()
    const { queue, emitNew, endSession } = mountStack({ duration: 0, summary: 0, onSummaryClose })
    emitNew([alarm(1), alarm(2)])
    queue.dismiss('2')
    expect(keys(queue)).toEqual(['1'])
    const generation = queue.generation.value
    endSession()
    expect(keys(queue)).toEqual([])
    expect(queue.generation.value).toBe(generation + 1)
    expect(onSummaryClose).not.toHaveBeenCalled()
  })

  it('folds a burst of more than `max` into the summary and reports how it closed', async () => {
    const onSummaryClose = vi.fn()
    const { queue, emitNew } = mountStack({ max: 2, groupWindowMs: 1000, onSummaryClose })
    emitNew([alarm(1), alarm(2), alarm(3), alarm(4)])
    expect(keys(queue)).toEqual([])
    expect(queue.summaryCount.value).toBe(4)
    queue.closeSummary('select')
    expect(queue.summaryCount.value).toBe(0)
    expect(onSummaryClose).toHaveBeenCalledWith('select')
  })
})
