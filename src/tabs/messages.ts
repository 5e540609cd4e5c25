import type { AlarmsErrorCode } from '../errors'
import type { AlarmStreamEvent, AlarmStreamReason, AlarmStreamStatus } from '../stream/types'

/** Status info as it crosses tabs: structured-clone friendly (an error becomes its code, message and status). */
export interface RelayedStatusInfo {
  httpStatus?: number
  delayMs?: number
  attempt?: number
  reason?: AlarmStreamReason
  errorMessage?: string
  errorCode?: AlarmsErrorCode
  errorStatus?: number
}

/** Stream traffic the leader fans out, and the follower's requests to it. */
export type RelayMessage =
  | { kind: 'events'; events: AlarmStreamEvent[] }
  | { kind: 'status'; status: AlarmStreamStatus; info: RelayedStatusInfo }
  | { kind: 'hello' }
  | { kind: 'reconnect' }

/** Envelope on the channel: relay traffic, or an app message (read-state sync, sign-out) passed through as is. */
export type ChannelEnvelope<AppMessage> = { relay: RelayMessage } | { app: AppMessage }

export function isChannelEnvelope<AppMessage>(value: unknown): value is ChannelEnvelope<AppMessage> {
  return typeof value === 'object' && value !== null && ('relay' in value || 'app' in value)
}
