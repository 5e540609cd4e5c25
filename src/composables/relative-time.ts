const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WEEK = 7 * DAY
const MONTH = 30 * DAY
const YEAR = 365 * DAY

/** Largest unit first; a difference is shown in the first unit it reaches. */
const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['year', YEAR],
  ['month', MONTH],
  ['week', WEEK],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
]

const formatters = new Map<string, Intl.RelativeTimeFormat>()

function formatterFor(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? ''
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * Milliseconds since the epoch for a backend timestamp, or NaN.
 * Spring sends zone-less `LocalDateTime` strings; ECMAScript reads a date-time without offset as local time,
 * which matches a server in the viewer's zone (the common case for these backends).
 */
export function parseTimestamp(value: string | number | Date): number {
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'number') return value
  return Date.parse(value)
}

/**
 * "3 minutes ago", "yesterday", "now": `value` relative to `now`, in `locale` (the runtime's default when omitted).
 * Anything under 45 seconds (including a server clock slightly ahead) reads as "now". Invalid dates give ''.
 */
export function formatRelativeTime(value: string | number | Date, now: number, locale?: string): string {
  const time = parseTimestamp(value)
  if (Number.isNaN(time)) return ''
  const diff = time - now
  const formatter = formatterFor(locale)
  if (Math.abs(diff) < 45 * SECOND) return formatter.format(0, 'second')
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return formatter.format(Math.round(diff / size), unit)
  }
  return formatter.format(Math.round(diff / MINUTE), 'minute')
}
