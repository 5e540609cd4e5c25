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
}

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
}

export const ko: AlarmLabels = {
  bell: (unreadCount) => `알림, 읽지 않음 ${unreadCount}개`,
  bellSignedOut: '알림, 로그아웃됨',
  title: '알림',
  markAllRead: '모두 읽음으로 표시',
  loadMore: '더 보기',
  loading: '불러오는 중…',
  empty: '알림이 없습니다',
  error: '알림을 불러오지 못했습니다.',
  retry: '다시 시도',
  reconnecting: '다시 연결하는 중…',
  offline: '오프라인입니다. 연결되면 알림을 다시 받습니다.',
  signedOut: '로그아웃되었습니다. 알림을 받으려면 다시 로그인하세요.',
  unread: '읽지 않음',
  announceOne: (content) => `새 알림: ${content}`,
  announceMany: (count) => `새 알림 ${count}개`,
  enableNotifications: '탭이 숨겨져 있을 때 알림 받기',
  notificationTitle: '새 알림',
}

/** English defaults with the given overrides on top. */
export function resolveLabels(overrides?: Partial<AlarmLabels>): AlarmLabels {
  return overrides ? { ...en, ...overrides } : en
}
