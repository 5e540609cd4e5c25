/** Every API route that needs a signed-in user, as [method, path]. */
export const PROTECTED_ROUTES: ReadonlyArray<[string, string]> = [
  ['GET', '/api/subscribe'],
  ['GET', '/api/alarms?page=0&size=20'],
  ['GET', '/api/alarms?unread=true'],
  ['GET', '/api/alarms/count'],
  ['PATCH', '/api/alarms/1/read'],
  ['PATCH', '/api/alarms/1/unread'],
  ['PATCH', '/api/alarms/read-all'],
  ['DELETE', '/api/alarms/1'],
]
