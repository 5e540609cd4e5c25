export type { Alarm, AlarmPage } from './types'
export { parseAlarm, isSpringHandshake } from './parse'
export { classifyEvent } from './classify'
export type { ClassifiedEvent, ClassifyEventOptions, IgnoredEventReason } from './classify'
export {
  alarmKey,
  findAlarmIndex,
  compareAlarms,
  insertAlarm,
  insertAlarms,
  appendAlarms,
  reconcileFirstPage,
  markAlarmRead,
  markAlarmUnread,
  markAllAlarmsRead,
  markAlarmsUnread,
  removeAlarm,
  restoreAlarm,
} from './merge'
export type { InsertResult, ReconcileResult, MarkReadResult, MarkAllReadResult, RemoveResult } from './merge'
export { createCoalescer } from './coalesce'
export type { Coalescer, CoalescerOptions } from './coalesce'
