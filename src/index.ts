export { createAlarms } from './plugin'
export type { CreateAlarmsOptions, AlarmsStreamSettings } from './options'
export { useAlarmsStore } from './store'
export type { AlarmsStatus } from './store'
export { createAlarmsApi, defaultEndpoints } from './api'
export type { AlarmsApi, AlarmsApiOptions, AlarmsEndpoints, ListParams } from './api'
export { AlarmsError } from './errors'
export type { AlarmsErrorCode } from './errors'
export { parseAlarm, isSpringHandshake, classifyEvent } from './alarms'
export type { Alarm, AlarmPage, ClassifiedEvent, IgnoredEventReason } from './alarms'
export { tokenSubject, supportsSharedConnection } from './tabs'
export { openAlarmStream } from './stream'
export type {
  AlarmStream,
  AlarmStreamEvent,
  AlarmStreamOptions,
  AlarmStreamRetryOptions,
  AlarmStreamStatus,
  AlarmStreamStatusInfo,
} from './stream'
export { useAlarmAttention, titleForCount, defaultTitleFormat, createBurstGate } from './attention'
export type { AlarmAttentionOptions, AlarmFaviconOptions, AlarmSoundOptions, AlarmTitleOptions, UseAlarmAttentionOptions, UseAlarmAttentionReturn } from './attention'
export { useAlarmPreferences, AlarmPreferences, allowsChannel, withChannel, parsePreferences, ALARM_CHANNELS } from './preferences'
export type {
  UseAlarmPreferencesOptions,
  UseAlarmPreferencesReturn,
  AlarmPreferencesProps,
  AlarmPreferencesLabels,
  AlarmChannel,
  AlarmPreferenceSwitches,
} from './preferences'
export { useAlarmQuietHours, isWithinQuietHours } from './quiet'
export type { QuietHoursSummary, QuietHoursWindow, UseAlarmQuietHoursReturn } from './quiet'
export * from './composables'
export * from './components'
