// The floor: a native EventSource and one text node. Native EventSource cannot send Authorization, so the
// bench's relay adds the token for /relay/subscribe.
import { config } from './bench-globals'

const button = document.createElement('button')
button.className = 'vsa-bell__button'
const badge = document.createElement('span')
button.append(badge)
document.querySelector('#app')!.append(button)

let unread = 0
const source = new EventSource(`/relay/subscribe?user=${config().userId}`)
source.addEventListener('sse', (event) => {
  if (!(event as MessageEvent<string>).data.startsWith('{')) return
  unread++
  button.setAttribute('aria-label', `Notifications, ${unread} unread`)
  badge.textContent = String(unread)
})
window.__benchPage = { source }
