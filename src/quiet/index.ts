export { useAlarmQuietHours } from './use-alarm-quiet-hours'
export type { QuietHoursSummary, UseAlarmQuietHoursReturn } from './use-alarm-quiet-hours'
export { isWithinQuietHours, msUntilQuietChange, clockMinutes } from './quiet-window'
export type { QuietHoursWindow } from './quiet-window'
