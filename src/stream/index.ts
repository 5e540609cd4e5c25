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
  GetToken,
  MaybePromise,
  RefreshToken,
} from './types'
// A value export, not only a type: the types say `AlarmsError` is here, so `instanceof` must work too.
export { AlarmsError } from '../errors'
export type { AlarmsErrorCode } from '../errors'
