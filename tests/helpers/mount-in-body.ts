import { afterEach, beforeEach, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'

export interface MountInBodyOptions {
  /**
   * Run each test of the file on vitest's fake timers (toast durations, transitions).
   * @default false
   */
  fakeTimers?: boolean
}

/**
 * For a component test file (happy-dom): returns `mount` attaching to `document.body`, and registers the clean-up
 * every such file needs, so one test's components, listeners and timers never reach the next: after each test,
 * every wrapper it mounted and did not unmount itself is unmounted, and the body emptied. Call it once, at the top
 * of the file.
 */
export function mountInBodyPerTest({ fakeTimers = false }: MountInBodyOptions = {}): typeof mount {
  const wrappers: VueWrapper[] = []
  if (fakeTimers) beforeEach(() => void vi.useFakeTimers())
  afterEach(() => {
    for (const wrapper of wrappers.splice(0).reverse()) if (!wrapper.vm.$.isUnmounted) wrapper.unmount()
    document.body.innerHTML = ''
    if (fakeTimers) vi.useRealTimers()
  })
  const mountInBody = (component: Parameters<typeof mount>[0], options?: Parameters<typeof mount>[1]) => {
    const wrapper = mount(component, { ...options, attachTo: document.body })
    wrappers.push(wrapper)
    return wrapper
  }
  return mountInBody as typeof mount
}
