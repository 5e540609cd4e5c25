export { createAlarmsClient } from './client'
export type { AlarmsClient } from './client'
export type { AlarmsClientState } from './state'
export type { Identity } from './identity'
