/** Where an alarm may reach the person. */
export type AlarmChannel = 'toast' | 'sound' | 'desktop'

export const ALARM_CHANNELS: readonly AlarmChannel[] = ['toast', 'sound', 'desktop']

/** Per alarm type, the channels switched off or on; anything absent is on. */
export type AlarmPreferences = Record<string, Partial<Record<AlarmChannel, boolean>>>

export function allowsChannel(preferences: AlarmPreferences, type: string, channel: AlarmChannel): boolean {
  return preferences[type]?.[channel] !== false
}

/** A copy with one switch changed; the input is left as it is. */
export function withChannel(preferences: AlarmPreferences, type: string, channel: AlarmChannel, on: boolean): AlarmPreferences {
  return { ...preferences, [type]: { ...preferences[type], [channel]: on } }
}

/** Keeps only well-formed entries of stored or received preferences: junk never switches anything off. */
export function parsePreferences(raw: unknown): AlarmPreferences {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const result: AlarmPreferences = {}
  for (const [type, switches] of Object.entries(raw)) {
    if (typeof switches !== 'object' || switches === null) continue
    const kept: Partial<Record<AlarmChannel, boolean>> = {}
    for (const channel of ALARM_CHANNELS) {
      const value = (switches as Record<string, unknown>)[channel]
      if (typeof value === 'boolean') kept[channel] = value
    }
    result[type] = kept
  }
  return result
}
