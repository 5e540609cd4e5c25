// Our transport alone, drawing the same text node as the native page: isolates fetch-based streaming from the store and Vue.
import { openAlarmStream } from '../../src/stream'
import { config } from './bench-globals'

const button = document.createElement('button')
button.className = 'vsa-bell__button'
const badge = document.createElement('span')
button.append(badge)
document.querySelector('#app')!.append(button)

let unread = 0
const stream = openAlarmStream({
  url: '/api/subscribe',
  getToken: () => config().token,
  onEvent: (event) => {
    if (event.type !== 'sse' || !event.data.startsWith('{')) return
    unread++
    button.setAttribute('aria-label', `Notifications, ${unread} unread`)
    badge.textContent = String(unread)
  },
})
window.__benchPage = { stream }
