import Bell from './AlarmBell.vue'
import Toasts from './AlarmToasts.vue'
import Preferences from '../preferences/AlarmPreferences.vue'

// An SFC's default export carries no doc comment into its declarations; these aliases give the public
// components the description editors show on hover.

/**
 * The header bell: an unread badge on a button that opens the alarm panel (filters, day groups, infinite
 * scroll, mark read/unread, remove). Props: {@link AlarmBellProps}; `v-model:open`; `select` emits the chosen alarm.
 */
export const AlarmBell: typeof Bell = Bell

/**
 * Toasts for alarms that arrive while the page is open, stacked in a polite live region.
 * Props: {@link AlarmToastsProps}; `select` emits the clicked alarm.
 */
export const AlarmToasts: typeof Toasts = Toasts

/**
 * Switches per alarm type and channel (toast, sound, desktop notification) over `useAlarmPreferences()`, kept per
 * user. Props: {@link AlarmPreferencesProps}.
 */
export const AlarmPreferences: typeof Preferences = Preferences
