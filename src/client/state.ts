import type { Alarm } from '../alarms/types'
import type { AlarmsError } from '../errors'
import type { AlarmsStatus } from './status'

/** What an alarms client holds, as plain data: a new object after every change, never mutated. */
export interface AlarmsClientState {
  /** Newest first, unique by id; replaced, never mutated. */
  items: Alarm[]
  /** What the badge shows: the server's unread count, never less than the unread alarms held. */
  unreadCount: number
  /** More alarms wait on the server beyond what `loadMore` has reached. */
  hasMore: boolean
  /** The server's number of alarms for this user (as last reported, kept in step with local changes). */
  totalCount: number
  /** Whether the list endpoint honours `unread=true`: null until asked, false once it answered with a read alarm. */
  unreadFilterSupported: boolean | null
  /** Alarms arrived since the last `acknowledge()`. */
  hasNewAlarms: boolean
  status: AlarmsStatus
  /** The last failure (REST or stream); cleared by the next success of the same kind. */
  error: AlarmsError | null
  /** The id of the last stream event; the next connection resumes there. */
  lastEventId: string
  /** A REST request of the list is in flight. */
  loading: boolean
  /** This tab runs the stream itself (with a shared connection, one tab does and relays to the others). */
  holdsStream: boolean
  /** Who the alarms belong to, as `userKey` names them; null when signed out or when no key is known (opaque tokens). */
  user: string | null
}

export const initialClientState: Readonly<AlarmsClientState> = Object.freeze({
  items: [],
  unreadCount: 0,
  hasMore: false,
  totalCount: 0,
  unreadFilterSupported: null,
  hasNewAlarms: false,
  status: 'idle',
  error: null,
  lastEventId: '',
  loading: false,
  holdsStream: false,
  user: null,
})

/** One piece of state and its listeners: `set` merges a patch, and listeners hear of every change at once. */
export interface StateCell {
  get(): AlarmsClientState
  set(patch: Partial<AlarmsClientState>): void
}

export function createStateCell(onChange: (next: AlarmsClientState, previous: AlarmsClientState) => void): StateCell {
  let state: AlarmsClientState = initialClientState
  return {
    get: () => state,
    set(patch) {
      const previous = state
      let changed = false
      for (const key in patch) {
        if (patch[key as keyof AlarmsClientState] !== previous[key as keyof AlarmsClientState]) changed = true
      }
      if (!changed) return
      state = { ...previous, ...patch }
      onChange(state, previous)
    },
  }
}
