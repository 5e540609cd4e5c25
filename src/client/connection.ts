/** Read-state changes and sign-out, passed between the tabs of one user. */
export type AlarmsTabMessage =
  | { type: 'read'; id: string | number }
  | { type: 'unread'; id: string | number }
  | { type: 'read-all' }
  | { type: 'remove'; id: string | number }
  | { type: 'signout' }
