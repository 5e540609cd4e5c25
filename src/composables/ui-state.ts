import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * What the alarm views of one app tell each other: open panels (toasts wait while one is open) and mounted
 * toast regions (the bell then leaves announcing to them). Per Pinia instance, so per app and SSR request.
 */
// Marked pure so an app that uses no alarm view drops it (a call into pinia is otherwise kept).
export const useAlarmsViewState = /* @__PURE__ */ defineStore('alarms-view', () => {
  const openPanels = ref(0)
  const toastRegions = ref(0)
  return { openPanels, toastRegions }
})
