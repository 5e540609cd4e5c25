import { createHash, randomBytes } from 'node:crypto'
import type { AlarmDb } from './db'

export interface StartedSession {
  /** Value of the HttpOnly `SESSION` cookie. */
  sessionId: string
  /** Value of the readable `XSRF-TOKEN` cookie. */
  xsrfToken: string
}

function hash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url')
}

/** Server-side sessions, as Spring Session keeps them: an opaque id in a cookie, the state in the store. */
export function createSessionStore(db: AlarmDb, ttlMs: number) {
  return {
    start(userId: number): StartedSession {
      const sessionId = randomBytes(24).toString('base64url')
      db.insertSession(hash(sessionId), userId, Date.now() + ttlMs)
      return { sessionId, xsrfToken: randomBytes(16).toString('base64url') }
    },
    /** The session's user, or undefined when it is unknown, ended or expired. */
    userOf(sessionId: string): number | undefined {
      return db.sessionUser(hash(sessionId), Date.now())
    },
    /** Ends a session for good: the same id replayed later is refused. */
    end(sessionId: string): void {
      db.endSession(hash(sessionId))
    },
    /** The `expireTokens` fault: every session ends. */
    endAll(): void {
      db.endAllSessions()
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
