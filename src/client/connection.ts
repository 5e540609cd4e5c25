import type { AlarmStreamOptions } from '../stream/types'
import { openSharedConnection, postToTabs } from '../tabs'
import type { AlarmConnection, AlarmConnectionHandlers } from '../tabs/types'

export type { AlarmConnection, AlarmConnectionHandlers } from '../tabs/types'

/** Read-state changes and sign-out, passed between the tabs of one user. */
export type AlarmsTabMessage =
  | { type: 'read'; id: string | number }
  | { type: 'unread'; id: string | number }
  | { type: 'read-all' }
  | { type: 'remove'; id: string | number }
  | { type: 'signout' }

export type AlarmConnectionOptions = Omit<AlarmStreamOptions, 'onEvent' | 'onStatus' | 'onUnauthorized' | 'refreshToken'>

export interface AlarmConnectionSettings {
  /** The transport (`openAlarmStream`, or a fake). */
  openStream: (options: AlarmStreamOptions) => AlarmConnection
  /** Built when the stream opens, so a tab that takes over resumes from the newest relayed event id. */
  streamOptions: () => AlarmConnectionOptions
  /** Scope shared by the tabs of one user and backend; null gives this tab a stream of its own. */
  shareKey: string | null
  /** Messages from the other tabs of the same key. */
  onTabMessage: (message: AlarmsTabMessage) => void
  /** This tab now holds the stream (at once without sharing; when it takes the lock with sharing). */
  onLeader: () => void
}

export interface StoreConnection extends AlarmConnection {
  /** Tells the other tabs of the same key. */
  post(message: AlarmsTabMessage): void
}

/**
 * The one place the client gets its events from: its own stream, or, with a share key, the stream of
 * whichever tab of this user holds the lock (see `openSharedConnection`).
 */
export function createAlarmConnection(settings: AlarmConnectionSettings, handlers: AlarmConnectionHandlers): StoreConnection {
  const open = ({ onEvent, onStatus, refreshToken }: AlarmConnectionHandlers) =>
    settings.openStream({ ...settings.streamOptions(), onEvent, onStatus, refreshToken })
  return openSharedConnection<AlarmsTabMessage>({
    key: settings.shareKey,
    open,
    handlers,
    onMessage: settings.onTabMessage,
    onLeader: settings.onLeader,
  })
}

/** Tells the tabs of `shareKey` after the connection is gone (sign-out). */
export function postToOtherTabs(shareKey: string | null, message: AlarmsTabMessage): void {
  if (shareKey !== null) postToTabs(shareKey, message)
}
