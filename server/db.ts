import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'

/** An alarm as the API sends it (JSON shape of the Spring DTO). */
export interface AlarmRecord {
  id: number
  type: string
  content: string
  url: string
  isRead: boolean
  createdAt: string
}

/** An alarm plus the Spring-style event id it was first published with. */
export interface StoredAlarm {
  alarm: AlarmRecord
  userId: number
  eventId: string
}

interface AlarmRow {
  id: number
  user_id: number
  type: string
  content: string
  url: string
  is_read: number
  created_at: string
  event_id: string
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alarms (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  content TEXT NOT NULL,
  url TEXT NOT NULL,
  is_read INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  event_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarms_by_user ON alarms (user_id, id);
-- Every event id ever issued (handshakes, alarms, alias formats) with the alarm position it marks,
-- so Last-Event-ID resumes exactly after that point, across restarts.
CREATE TABLE IF NOT EXISTS event_ids (
  event_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  position INTEGER NOT NULL
);
-- Cookie sessions, keyed by a hash of the session id so the file never holds a usable cookie.
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended INTEGER NOT NULL DEFAULT 0
);
`

function toStored(row: AlarmRow): StoredAlarm {
  return {
    alarm: {
      id: row.id,
      type: row.type,
      content: row.content,
      url: row.url,
      isRead: row.is_read === 1,
      createdAt: row.created_at,
    },
    userId: row.user_id,
    eventId: row.event_id,
  }
}

/** Spring's zone-less `LocalDateTime` rendering, based on UTC. */
export function localDateTime(date: Date): string {
  return date.toISOString().slice(0, 23)
}

export interface NewAlarm {
  userId: number
  type: string
  content: string
  url: string
  eventId: string
}

export type AlarmDb = ReturnType<typeof openAlarmDb>

/** Opens (or creates) the SQLite store. */
export function openAlarmDb(file: string) {
  const db = new Database(file)
  if (file !== ':memory:') db.pragma('journal_mode = WAL')
  db.exec(SCHEMA)

  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
  const setMeta = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)')
  const insertAlarm = db.prepare(
    'INSERT INTO alarms (user_id, type, content, url, created_at, event_id) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const insertEventId = db.prepare('INSERT OR IGNORE INTO event_ids (event_id, user_id, position) VALUES (?, ?, ?)')
  const positionOf = db.prepare<[string, number], { position: number }>(
    'SELECT position FROM event_ids WHERE event_id = ? AND user_id = ?',
  )
  const lastPosition = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'alarms'")
  const maxEventMillis = db.prepare<[], { m: number | null }>(
    "SELECT MAX(CAST(substr(event_id, instr(event_id, '_') + 1) AS INTEGER)) AS m FROM event_ids",
  )
  const alarmsAfter = db.prepare<[number, number], AlarmRow>('SELECT * FROM alarms WHERE user_id = ? AND id > ? ORDER BY id')
  const alarmById = db.prepare<[number], AlarmRow>('SELECT * FROM alarms WHERE id = ?')
  const page = db.prepare<[number, number, number], AlarmRow>(
    'SELECT * FROM alarms WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?',
  )
  const unreadPage = db.prepare<[number, number, number], AlarmRow>(
    'SELECT * FROM alarms WHERE user_id = ? AND is_read = 0 ORDER BY id DESC LIMIT ? OFFSET ?',
  )
  const pageBefore = db.prepare<[number, number, number], AlarmRow>(
    'SELECT * FROM alarms WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
  )
  const unreadPageBefore = db.prepare<[number, number, number], AlarmRow>(
    'SELECT * FROM alarms WHERE user_id = ? AND is_read = 0 AND id < ? ORDER BY id DESC LIMIT ?',
  )
  const total = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM alarms WHERE user_id = ?')
  const unread = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM alarms WHERE user_id = ? AND is_read = 0')
  const markRead = db.prepare('UPDATE alarms SET is_read = 1 WHERE id = ? AND user_id = ?')
  const markUnread = db.prepare('UPDATE alarms SET is_read = 0 WHERE id = ? AND user_id = ?')
  const markAllRead = db.prepare('UPDATE alarms SET is_read = 1 WHERE user_id = ? AND is_read = 0')
  const remove = db.prepare('DELETE FROM alarms WHERE id = ? AND user_id = ?')
  const insertSession = db.prepare('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)')
  const liveSession = db.prepare<[string, number], { user_id: number }>(
    'SELECT user_id FROM sessions WHERE id_hash = ? AND ended = 0 AND expires_at > ?',
  )
  const endSession = db.prepare('UPDATE sessions SET ended = 1 WHERE id_hash = ?')
  const endAllSessions = db.prepare('UPDATE sessions SET ended = 1 WHERE ended = 0')

  return {
    /** A value kept in the meta table, created once with `create()` (e.g. the token secret). */
    meta(key: string, create: () => string): string {
      const found = getMeta.get(key)
      if (found) return found.value
      setMeta.run(key, create())
      return getMeta.get(key)!.value
    },
    /** Largest millisecond suffix among issued event ids, so new ids keep increasing after a restart. */
    lastIssuedMillis(): number {
      return maxEventMillis.get()?.m ?? 0
    },
    /** The alarm position now: every alarm with a larger id is "after" this point. */
    currentPosition(): number {
      return lastPosition.get()?.seq ?? 0
    },
    recordEventId(eventId: string, userId: number, position: number): void {
      insertEventId.run(eventId, userId, position)
    },
    /** Position of an event id this user was issued, or undefined when unknown. */
    positionOf(eventId: string, userId: number): number | undefined {
      return positionOf.get(eventId, userId)?.position
    },
    insertAlarm(input: NewAlarm, createdAt: Date): StoredAlarm {
      const tx = db.transaction(() => {
        const info = insertAlarm.run(input.userId, input.type, input.content, input.url, localDateTime(createdAt), input.eventId)
        const id = Number(info.lastInsertRowid)
        insertEventId.run(input.eventId, input.userId, id)
        return toStored(alarmById.get(id)!)
      })
      return tx()
    },
    alarmsAfter(userId: number, position: number): StoredAlarm[] {
      return alarmsAfter.all(userId, position).map(toStored)
    },
    /** One page, newest first; `unreadOnly` pages through unread alarms and counts only those. */
    page(userId: number, pageIndex: number, size: number, unreadOnly = false): { items: AlarmRecord[]; total: number } {
      const rows = (unreadOnly ? unreadPage : page).all(userId, size, pageIndex * size)
      return {
        items: rows.map((row) => toStored(row).alarm),
        total: (unreadOnly ? unread : total).get(userId)!.n,
      }
    },
    /** A keyset page: the `size` newest alarms older than `beforeId` (what a cursor points after). */
    pageBefore(userId: number, beforeId: number, size: number, unreadOnly = false): { items: AlarmRecord[]; total: number } {
      const rows = (unreadOnly ? unreadPageBefore : pageBefore).all(userId, beforeId, size)
      return {
        items: rows.map((row) => toStored(row).alarm),
        total: (unreadOnly ? unread : total).get(userId)!.n,
      }
    },
    /** A page of the user's unread alarms only; `total` counts the unread ones. */
    unreadPage(userId: number, pageIndex: number, size: number): { items: AlarmRecord[]; total: number } {
      return {
        items: unreadPage.all(userId, size, pageIndex * size).map((row) => toStored(row).alarm),
        total: unread.get(userId)!.n,
      }
    },
    unreadCount(userId: number): number {
      return unread.get(userId)!.n
    },
    markRead(userId: number, alarmId: number): boolean {
      return markRead.run(alarmId, userId).changes > 0 || alarmById.get(alarmId)?.user_id === userId
    },
    markUnread(userId: number, alarmId: number): boolean {
      return markUnread.run(alarmId, userId).changes > 0 || alarmById.get(alarmId)?.user_id === userId
    },
    markAllRead(userId: number): number {
      return markAllRead.run(userId).changes
    },
    remove(userId: number, alarmId: number): boolean {
      return remove.run(alarmId, userId).changes > 0
    },
    insertSession(idHash: string, userId: number, expiresAt: number): void {
      insertSession.run(idHash, userId, expiresAt)
    },
    /** The user of a session that was neither ended nor expired at `now`. */
    sessionUser(idHash: string, now: number): number | undefined {
      return liveSession.get(idHash, now)?.user_id
    },
    endSession(idHash: string): void {
      endSession.run(idHash)
    },
    endAllSessions(): void {
      endAllSessions.run()
    },
    close(): void {
      if (db.open) db.close()
    },
  }
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url')
}
