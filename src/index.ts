export { createAlarms } from './plugin'
export type { CreateAlarmsOptions, AlarmsStreamSettings, UserKeyValue } from './options'
export { useAlarmsStore } from './store'
export type { AlarmsStatus } from './store'
export { createAlarmsClient } from './client'
export type { AlarmsClient, AlarmsClientState, Identity } from './client'
export { createAlarmsApi, defaultEndpoints, defaultParsePage, defaultParseCount } from './api'
export type { AlarmsApi, AlarmsApiOptions, AlarmsEndpoints, ListParams, ParsedPage } from './api'
export { AlarmsError } from './errors'
export type { AlarmsErrorCode } from './errors'
export { parseAlarm, isSpringHandshake } from './alarms'
export type { Alarm, AlarmPage } from './alarms'
export { tokenSubject } from './tabs'
export { openAlarmStream } from './stream'
export type {
  AlarmStream,
  AlarmStreamEvent,
  AlarmStreamOptions,
  AlarmStreamRetryOptions,
  AlarmStreamStatus,
  AlarmStreamStatusInfo,
  GetToken,
  MaybePromise,
  RefreshToken,
} from './stream'
export { useAlarmPanel, useAlarmList, useAlarmToasts, onNewAlarm, onSessionEnd } from './composables'
export type {
  UseAlarmPanelOptions,
  UseAlarmPanelReturn,
  AlarmFilter,
  UseAlarmListOptions,
  UseAlarmListReturn,
  UseAlarmToastsOptions,
  UseAlarmToastsReturn,
  AlarmToastItem,
  AlarmDayGroup,
  AlarmPanelPlacement,
  MaybeElement,
} from './composables'
export { AlarmBell, AlarmToasts } from './components/public-components'
export type { AlarmBellProps, AlarmToastsProps, AlarmLabels } from './components'
export { en, ko, formatRelativeTime, resolveSafeUrl } from './components'
export { useAlarmAttention } from './attention'
export type { AlarmAttentionOptions, AlarmFaviconOptions, AlarmSoundOptions, AlarmTitleOptions, UseAlarmAttentionOptions, UseAlarmAttentionReturn } from './attention'
export { useAlarmPreferences } from './preferences'
export { AlarmPreferences } from './components/public-components'
export type {
  UseAlarmPreferencesOptions,
  UseAlarmPreferencesReturn,
  AlarmPreferencesProps,
  AlarmPreferencesLabels,
  AlarmChannel,
  AlarmPreferenceSwitches,
} from './preferences'
export { useAlarmQuietHours } from './quiet'
export type { QuietHoursSummary, QuietHoursWindow, UseAlarmQuietHoursReturn } from './quiet'
