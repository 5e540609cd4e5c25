/** A daily window in local time, `'22:00'` to `'07:30'`; it may cross midnight. Equal ends: never quiet. */
export interface QuietHoursWindow {
  from: string
  to: string
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/
const MINUTES_PER_DAY = 24 * 60

/** Minutes after midnight of `'HH:MM'`; throws a TypeError on anything else (a typo must not mean "never quiet"). */
export function clockMinutes(clock: string): number {
  const match = CLOCK.exec(clock)
  if (!match) throw new TypeError(`quiet hours: "${clock}" is not a time of day as HH:MM`)
  return Number(match[1]) * 60 + Number(match[2])
}

function minuteOfDay(date: Date): number {
  return date.getHours() * 60 + date.getMinutes()
}

export function isWithinQuietHours(window: QuietHoursWindow, date: Date): boolean {
  const from = clockMinutes(window.from)
  const to = clockMinutes(window.to)
  const now = minuteOfDay(date)
  if (from === to) return false
  return from < to ? now >= from && now < to : now >= from || now < to
}

/** Milliseconds until the window next opens or closes (at least one second, for a timer to wait). */
export function msUntilQuietChange(window: QuietHoursWindow, date: Date): number {
  const now = minuteOfDay(date)
  const boundaries = [clockMinutes(window.from), clockMinutes(window.to)]
  const minutesAhead = Math.min(...boundaries.map((boundary) => (boundary - now + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY))
  const intoMinute = date.getSeconds() * 1000 + date.getMilliseconds()
  return Math.max(1000, minutesAhead * 60_000 - intoMinute)
}
