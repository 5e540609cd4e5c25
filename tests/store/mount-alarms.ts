import { createPinia, setActivePinia } from 'pinia'
import { createRenderer, type App } from 'vue'
import { createAlarms, type CreateAlarmsOptions } from '../../src/plugin'
import { useAlarmsStore } from '../../src/store/alarms'

/**
 * A renderer that renders nothing anywhere, so an app can be mounted (and unmounted) in plain Node
 * without a DOM: the store and plugin under test touch no DOM.
 */
const { createApp } = createRenderer<object, object>({
  createElement: () => ({}),
  createText: () => ({}),
  createComment: () => ({}),
  setText: () => {},
  setElementText: () => {},
  insert: () => {},
  remove: () => {},
  patchProp: () => {},
  parentNode: () => null,
  nextSibling: () => null,
})

export interface MountedAlarms {
  app: App
  store: ReturnType<typeof useAlarmsStore>
  /** Unmounts the app once (idempotent). */
  unmount(): void
}

/** A real app with pinia and the plugin, mounted; the store is created inside the app's context. */
export function mountAlarms(options: CreateAlarmsOptions): MountedAlarms {
  const app = createApp({ render: () => null })
  const pinia = createPinia()
  app.use(pinia).use(createAlarms({ ssr: false, ...options }))
  setActivePinia(pinia)
  app.mount({})
  const store = app.runWithContext(() => useAlarmsStore())
  let mounted = true
  return {
    app,
    store,
    unmount() {
      if (!mounted) return
      mounted = false
      app.unmount()
    },
  }
}

/** Polls until `check` holds (rejects with `what` after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
