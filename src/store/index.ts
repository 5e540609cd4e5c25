export { useAlarmsStore } from './alarms'
export type { AlarmsStatus } from './alarms'
export { createAlarmConnection } from './connection'
export type { AlarmConnection, AlarmConnectionHandlers, AlarmConnectionOptions } from './connection'
