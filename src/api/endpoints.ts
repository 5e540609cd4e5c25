import type { Alarm } from '../alarms/types'

/** REST and stream paths, relative to the `baseURL`. */
export interface AlarmsEndpoints {
  /** SSE stream. @default '/subscribe' */
  subscribe: string
  /** `GET ?page&size[&unread=true]` → `{ items, page, size, total }`. @default '/alarms' */
  list: string
  /** `GET` → `{ count }` (unread). @default '/alarms/count' */
  count: string
  /** `PATCH`. @default (id) => `/alarms/${id}/read` */
  read: (id: Alarm['id']) => string
  /** `PATCH`: back to unread. @default (id) => `/alarms/${id}/unread` */
  unread: (id: Alarm['id']) => string
  /** `PATCH`. @default '/alarms/read-all' */
  readAll: string
  /** `DELETE`. @default (id) => `/alarms/${id}` */
  remove: (id: Alarm['id']) => string
}

/** The paths `createAlarms` and `createAlarmsApi` use unless given others; spread it to change a few. */
export const defaultEndpoints: AlarmsEndpoints = {
  subscribe: '/subscribe',
  list: '/alarms',
  count: '/alarms/count',
  read: (id) => `/alarms/${encodeURIComponent(String(id))}/read`,
  unread: (id) => `/alarms/${encodeURIComponent(String(id))}/unread`,
  readAll: '/alarms/read-all',
  remove: (id) => `/alarms/${encodeURIComponent(String(id))}`,
}

export function resolveEndpoints(endpoints: Partial<AlarmsEndpoints> = {}): AlarmsEndpoints {
  const resolved = { ...defaultEndpoints }
  for (const key of Object.keys(defaultEndpoints) as (keyof AlarmsEndpoints)[]) {
    const value = endpoints[key]
    if (value !== undefined) Object.assign(resolved, { [key]: value })
  }
  return resolved
}

/** Joins a base URL and a path with exactly one slash between them. */
export function joinURL(baseURL: string, path: string): string {
  if (/^[a-z][a-z\d+\-.]*:\/\//i.test(path) || baseURL === '') return path
  return `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}
