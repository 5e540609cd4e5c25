export { openAlarmStream } from './open-alarm-stream'
export { DEFAULT_RETRY } from './backoff'
export { encodeLastEventIdHeader, decodeLastEventIdHeader } from './last-event-id'
export type {
  AlarmStream,
  AlarmStreamEvent,
  AlarmStreamOptions,
  AlarmStreamReason,
  AlarmStreamRetryOptions,
  AlarmStreamStatus,
  AlarmStreamStatusInfo,
  MaybePromise,
} from './types'
export type { AlarmsError, AlarmsErrorCode } from '../errors'
