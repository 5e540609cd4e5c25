import type { Alarm } from '../alarms/types'

/** The `title` attention signal: an unread counter before the document title. */
export interface AlarmTitleOptions {
  /**
   * The title to show for `count` unread alarms over the app's own `title`.
   * @default (count, title) => `(${count}) ${title}` (99+ past 99)
   */
  format?: (count: number, title: string) => string
}

/** The `favicon` attention signal: a dot or the count drawn over the app's own favicon. */
export interface AlarmFaviconOptions {
  /**
   * Colour of the dot.
   * @default '#dc2626'
   */
  color?: string
  /**
   * Writes the count (9+ past 9) in the dot instead of a plain dot.
   * @default false
   */
  showCount?: boolean
}

/** The `sound` attention signal: one chime per burst, in the tab that announces, after a user gesture. */
export interface AlarmSoundOptions {
  /**
   * A sound file per alarm type (`{ COMMENT: '/sounds/comment.mp3' }`); other types play the built-in chime.
   * @default {}
   */
  urls?: Record<string, string>
  /**
   * 0 to 1.
   * @default 0.4
   */
  volume?: number
  /**
   * Alarms closer together than this are one burst, with one sound.
   * @default 2000
   */
  burstGapMs?: number
  /**
   * Whether an alarm may sound (per-type preferences plug in here).
   * @default every unread alarm
   */
  filter?: (alarm: Alarm) => boolean
}

/** Signals that draw attention to unread alarms; each is off unless given. */
export interface AlarmAttentionOptions {
  /** "(3) " before the document title while alarms are unread. */
  title?: boolean | AlarmTitleOptions
  /** A dot (or the count) over the app's favicon while alarms are unread. */
  favicon?: boolean | AlarmFaviconOptions
  /** The installed app's badge (`navigator.setAppBadge`), where the browser has it. */
  appBadge?: boolean
  /** A chime (or a file per type) for new alarms, in the tab that announces, after a user gesture. */
  sound?: boolean | AlarmSoundOptions
}

/** `true` → `{}`, `false`/absent → null. */
export function enabled<T extends object>(value: boolean | T | undefined): T | null {
  if (value === undefined || value === false) return null
  return value === true ? ({} as T) : value
}
