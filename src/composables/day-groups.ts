import type { Alarm } from '../alarms/types'
import { parseTimestamp } from './relative-time'

/** Alarms of one calendar day, in list order. */
export interface AlarmDayGroup {
  /** `YYYY-MM-DD` in local time: stable across re-renders, usable as a `key`. */
  key: string
  /** "Today", "Yesterday", then the date ("November 23", "2025년 11월 23일"), in the given locale. */
  label: string
  items: Alarm[]
}

const DAY = 24 * 60 * 60 * 1000

function startOfDay(time: number): Date {
  const date = new Date(time)
  date.setHours(0, 0, 0, 0)
  return date
}

function dayKey(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** "today" → "Today" in scripts with case; Korean and others are left as they are. */
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// Building an Intl formatter costs far more than formatting with one: one of each per locale, made on first use.
const relativeDays = new Map<string, Intl.RelativeTimeFormat>()
const dates = new Map<string, Intl.DateTimeFormat>()

function cached<Formatter>(cache: Map<string, Formatter>, key: string, create: () => Formatter): Formatter {
  let formatter = cache.get(key)
  if (!formatter) cache.set(key, (formatter = create()))
  return formatter
}

/**
 * The heading of a day relative to `now`: today and yesterday through `Intl.RelativeTimeFormat`, older days
 * as a date through `Intl.DateTimeFormat` (with the year only when it is not the current one).
 */
export function dayLabel(day: Date, now: number, locale?: string): string {
  const today = startOfDay(now)
  // Rounded: a day across a daylight-saving change lasts 23 or 25 hours.
  const daysAgo = Math.round((today.getTime() - day.getTime()) / DAY)
  const key = locale ?? ''
  if (daysAgo <= 1) {
    const formatter = cached(relativeDays, key, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }))
    return capitalize(formatter.format(-Math.max(daysAgo, 0), 'day'))
  }
  const sameYear = day.getFullYear() === today.getFullYear()
  const formatter = cached(dates, `${key}|${sameYear}`, () => new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }))
  return formatter.format(day)
}

/**
 * Groups a newest-first list by day, in order of first appearance (an out-of-order alarm joins its day's group).
 * An alarm without a readable date, or dated in the future (a server clock ahead of the viewer's), counts as today.
 */
export function groupByDay(alarms: readonly Alarm[], now: number, locale?: string): AlarmDayGroup[] {
  const groups = new Map<string, AlarmDayGroup>()
  for (const alarm of alarms) {
    const time = parseTimestamp(alarm.createdAt)
    const day = startOfDay(Number.isNaN(time) || time > now ? now : time)
    const key = dayKey(day)
    let group = groups.get(key)
    if (!group) {
      group = { key, label: dayLabel(day, now, locale), items: [] }
      groups.set(key, group)
    }
    group.items.push(alarm)
  }
  return [...groups.values()]
}
