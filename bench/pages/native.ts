// The floor: a native EventSource and one text node. Native EventSource cannot send Authorization, so the
// bench's relay adds the token for /relay/subscribe.
import { config, mountBareBadge } from './bench-globals'

const countUnread = mountBareBadge()
const source = new EventSource(`/relay/subscribe?user=${config().userId}`)
source.addEventListener('sse', (event) => {
  if ((event as MessageEvent<string>).data.startsWith('{')) countUnread()
})
window.__benchPage = { source }
