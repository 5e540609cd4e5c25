export { createAlarms, resolveAlarmsOptions, ALARMS_OPTIONS_KEY } from './plugin'
export type { CreateAlarmsOptions, ResolvedAlarmsOptions, AlarmsStreamSettings } from './plugin'
export { useAlarmsStore, createAlarmConnection } from './store'
export type { AlarmsStatus, AlarmConnection, AlarmConnectionHandlers, AlarmConnectionOptions } from './store'
export { createAlarmsApi, AlarmsApiError, defaultEndpoints } from './api'
export type { AlarmsApi, AlarmsApiOptions, AlarmsEndpoints, AlarmsError, AlarmsErrorCode } from './api'
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
export * from './composables'
export * from './components'
