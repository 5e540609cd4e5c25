/** Every text the bell and its panel show or announce. Pass a partial set through the `labels` prop. */
export interface AlarmLabels {
  /** Accessible name of the bell button. */
  bell: (unreadCount: number) => string
  /** Accessible name of the bell while the session is signed out. */
  bellSignedOut: string
  /** Heading of the panel. */
  title: string
  markAllRead: string
  loadMore: string
  loading: string
  empty: string
  error: string
  retry: string
  /** Shown while the stream is down and reconnecting. */
  reconnecting: string
  /** Shown while the browser reports no network. */
  offline: string
  /** Shown after the session expired and could not be refreshed. */
  signedOut: string
  /** Accessible text of the unread marker. */
  unread: string
  /** Live-region text for one new alarm. */
  announceOne: (content: string) => string
  /** Live-region text for several new alarms at once. */
  announceMany: (count: number) => string
  /** Button that asks for desktop notification permission (`notifyWhenHidden`). */
  enableNotifications: string
  /** Title of a desktop notification. */
  notificationTitle: string
  /** Counts a burst of new alarms: the summary toast and the desktop notification that groups them. */
  summary: (count: number) => string
  /** Per-item button on an unread alarm. */
  markRead: string
  /** Per-item button on a read alarm. */
  markUnread: string
  /** Per-item button that deletes the alarm. */
  remove: string
  /** Accessible name of the filter tabs. */
  filters: string
  filterAll: string
  filterUnread: string
  /** Shown under "Unread" when nothing is unread. */
  emptyUnread: string
  /** Shown under an app filter that matches nothing. */
  emptyFiltered: string
  /** Accessible name of the toast region. */
  toasts: string
  /** Button that closes a toast. */
  dismiss: string
}

/** English texts, the default of every `labels` prop; spread it to change a few. */
export const en: AlarmLabels = {
  bell: (unreadCount) => `Alarms, ${unreadCount} unread`,
  bellSignedOut: 'Alarms, signed out',
  title: 'Alarms',
  markAllRead: 'Mark all as read',
  loadMore: 'Load more',
  loading: 'Loading…',
  empty: 'No alarms yet',
  error: 'Alarms could not be loaded.',
  retry: 'Try again',
  reconnecting: 'Reconnecting…',
  offline: 'You are offline. Alarms will resume when the connection is back.',
  signedOut: 'Signed out. Sign in again to receive alarms.',
  unread: 'Unread',
  announceOne: (content) => `New alarm: ${content}`,
  announceMany: (count) => `${count} new alarms`,
  enableNotifications: 'Notify me when this tab is hidden',
  notificationTitle: 'New alarm',
  summary: (count) => `${count} new alarms`,
  markRead: 'Mark as read',
  markUnread: 'Mark as unread',
  remove: 'Remove',
  filters: 'Filter alarms',
  filterAll: 'All',
  filterUnread: 'Unread',
  emptyUnread: 'No unread alarms',
  emptyFiltered: 'No alarms match this filter',
  toasts: 'New alarms',
  dismiss: 'Dismiss',
}

/** English defaults with the given overrides on top. */
export function resolveLabels(overrides?: Partial<AlarmLabels>): AlarmLabels {
  return overrides ? { ...en, ...overrides } : en
}
