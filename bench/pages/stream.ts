// Our transport alone, drawing the same text node as the native page: isolates fetch-based streaming from the store and Vue.
import { openAlarmStream } from '../../src/stream'
import { config, mountBareBadge } from './bench-globals'

const countUnread = mountBareBadge()
const stream = openAlarmStream({
  url: '/api/subscribe',
  getToken: () => config().token,
  onEvent: (event) => {
    if (event.type === 'sse' && event.data.startsWith('{')) countUnread()
  },
})
window.__benchPage = { stream }
