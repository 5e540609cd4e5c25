export { useAlarmQuietHours } from './use-alarm-quiet-hours'
export type { QuietHoursSummary, UseAlarmQuietHoursReturn } from './use-alarm-quiet-hours'
export type { QuietHoursWindow } from './quiet-window'
