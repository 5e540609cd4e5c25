import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * What the alarm views of one app tell each other: open panels (toasts wait while one is open) and mounted
 * toast regions (the bell then leaves announcing to them). Per Pinia instance, so per app and SSR request.
 */
export const useAlarmsViewState = defineStore('alarms-view', () => {
  const openPanels = ref(0)
  const toastRegions = ref(0)
  return { openPanels, toastRegions }
})
