import type { App, Plugin } from 'vue'
import { ALARMS_OPTIONS_KEY, type CreateAlarmsOptions } from './options'
import { resolveAlarmsOptions } from './resolve-options'

export type { CreateAlarmsOptions, AlarmsStreamSettings } from './options'
export { ALARMS_OPTIONS_KEY } from './options'
export { resolveAlarmsOptions } from './resolve-options'

/**
 * The Vue plugin: `app.use(createAlarms({ getToken }))`. Validates the options in every build (a TypeError
 * naming the option), provides them to `useAlarmsStore`, and closes the store's stream when the app unmounts.
 */
export function createAlarms(options: CreateAlarmsOptions = {}): Plugin {
  const unmountCallbacks = new Set<() => void>()
  const resolved = resolveAlarmsOptions(options, (callback) => {
    unmountCallbacks.add(callback)
    return () => unmountCallbacks.delete(callback)
  })
  return {
    install(app: App) {
      app.provide(ALARMS_OPTIONS_KEY, resolved)
      app.onUnmount(() => {
        for (const callback of [...unmountCallbacks]) callback()
      })
    },
  }
}
