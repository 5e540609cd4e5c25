export type { Alarm, AlarmPage } from './types'
export { parseAlarm, isSpringHandshake } from './parse'
export { classifyEvent } from './classify'
export type { ClassifiedEvent, ClassifyEventOptions, IgnoredEventReason } from './classify'
export {
  alarmKey,
  findAlarmIndex,
  insertAlarm,
  appendAlarms,
  reconcileFirstPage,
  markAlarmRead,
  markAlarmUnread,
  markAllAlarmsRead,
  markAlarmsUnread,
  removeAlarm,
  restoreAlarm,
} from './merge'
export type { ReconcileResult, MarkReadResult, MarkAllReadResult, RemoveResult } from './merge'
export { createCoalescer } from './coalesce'
export type { Coalescer, CoalescerOptions } from './coalesce'
