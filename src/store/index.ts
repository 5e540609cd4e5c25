export { useAlarmsStore } from './alarms'
export type { AlarmsStatus } from './alarms'
export type { ListState } from '../alarms/list'
