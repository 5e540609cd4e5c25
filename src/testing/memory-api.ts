import type { AlarmsApi, ListParams } from '../api/api'
import type { Alarm, AlarmPage } from '../alarms/types'
import { AlarmsError } from '../errors'

/** What a test may leave out of an alarm: everything but the id. */
export type TestingAlarm = Pick<Alarm, 'id'> & Partial<Omit<Alarm, 'id'>>

/** Zone-less local time, as Spring's `LocalDateTime` serializes. */
function localNow(): string {
  const date = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

export function completeAlarm(alarm: TestingAlarm): Alarm {
  return { type: 'NOTICE', content: `Alarm ${String(alarm.id)}`, url: '', isRead: false, createdAt: localNow(), ...alarm }
}

export interface MemoryBackend {
  api: AlarmsApi
  /** The current user's alarms as the backend holds them, newest first. */
  alarmsOf(user: string | null): Alarm[]
  /** Replaces one user's alarms. */
  seed(user: string, alarms: readonly TestingAlarm[]): void
  /** Adds an alarm in front of the current user's list (replacing one with the same id). */
  add(alarm: Alarm): void
}

/** The REST contract over plain arrays, one per user, answering at once: `markRead` and friends really change them. */
export function createMemoryBackend(currentUser: () => string | null): MemoryBackend {
  const byUser = new Map<string, Alarm[]>()

  function mine(): Alarm[] {
    const user = currentUser()
    if (user === null) throw new AlarmsError('unauthorized', 'Signed out', { status: 401 })
    return byUser.get(user) ?? []
  }

  function update(change: (alarms: Alarm[]) => Alarm[]): void {
    const user = currentUser()
    if (user === null) throw new AlarmsError('unauthorized', 'Signed out', { status: 401 })
    byUser.set(user, change(byUser.get(user) ?? []))
  }

  function find(id: Alarm['id']): Alarm {
    const alarm = mine().find((candidate) => candidate.id === id)
    if (!alarm) throw new AlarmsError('not-found', `No alarm ${String(id)}`, { status: 404 })
    return alarm
  }

  const setRead = (id: Alarm['id'], isRead: boolean) => {
    find(id)
    update((alarms) => alarms.map((alarm) => (alarm.id === id ? { ...alarm, isRead } : alarm)))
  }

  const api: AlarmsApi = {
    async list({ page, size, unread }: ListParams): Promise<AlarmPage> {
      const all = mine()
      const matching = unread ? all.filter((alarm) => !alarm.isRead) : all
      const items = matching.slice(page * size, (page + 1) * size).map((alarm) => ({ ...alarm }))
      return { items, page, size, total: matching.length, unread: all.filter((alarm) => !alarm.isRead).length }
    },
    async count() {
      return mine().filter((alarm) => !alarm.isRead).length
    },
    async markRead(id) {
      setRead(id, true)
    },
    async markUnread(id) {
      setRead(id, false)
    },
    async markAllRead() {
      update((alarms) => alarms.map((alarm) => ({ ...alarm, isRead: true })))
    },
    async remove(id) {
      find(id)
      update((alarms) => alarms.filter((alarm) => alarm.id !== id))
    },
  }

  return {
    api,
    alarmsOf: (user) => (user === null ? [] : [...(byUser.get(user) ?? [])]),
    seed: (user, alarms) => byUser.set(user, alarms.map(completeAlarm)),
    add: (alarm) => update((alarms) => [alarm, ...alarms.filter((held) => held.id !== alarm.id)]),
  }
}
