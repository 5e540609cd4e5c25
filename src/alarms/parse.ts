import type { Alarm } from './types'

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseId(value: unknown): Alarm['id'] | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string') return value.trim() === '' ? null : value
  return null
}

/** `undefined`/`null` → the fallback; a string as is; anything else → `null` (a shape mismatch). */
function optionalString(value: unknown, fallback: string): string | null {
  if (value === undefined || value === null) return fallback
  return typeof value === 'string' ? value : null
}

/**
 * The default mapping from a payload (stream event data or REST list item) to an {@link Alarm}.
 *
 * Strict about the contract shape so junk never reaches the list: the object must have an `id`
 * (a finite number or a non-empty string, kept as given) and a string `content`; `type`, `url` and
 * `createdAt` may be missing or null (→ `''`) but must be strings when present; `isRead` must be a
 * boolean when present (→ `false` when missing). Jackson serializes a Lombok `boolean isRead` as
 * `read`, so `read` is accepted as a fallback.
 *
 * @returns the alarm, or `null` when the payload is not one.
 */
export function parseAlarm(raw: unknown): Alarm | null {
  if (!isRecord(raw)) return null
  const id = parseId(raw.id)
  if (id === null || typeof raw.content !== 'string') return null
  const type = optionalString(raw.type, '')
  const url = optionalString(raw.url, '')
  const createdAt = optionalString(raw.createdAt, '')
  const readFlag = raw.isRead !== undefined ? raw.isRead : raw.read
  if (type === null || url === null || createdAt === null) return null
  if (readFlag !== undefined && readFlag !== null && typeof readFlag !== 'boolean') return null
  return { id, type, content: raw.content, url, isRead: readFlag === true, createdAt }
}

const HANDSHAKE = /^\s*Event\s?Str?e?am\s+(?:Created|Connected)\b/i

/**
 * The default handshake test: Spring's dummy first event `EventStream Created. [userId=N]`,
 * its `EventStream Connected` variant and the common `EventSteam` typo. Sent with the same event
 * name as real alarms, so it is told apart by its text.
 */
export function isSpringHandshake(data: string): boolean {
  return HANDSHAKE.test(data)
}
