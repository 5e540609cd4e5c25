// The seed pattern, reimplemented as it is usually written: fetchEventSource with the token header and,
// on every alarm message, three refetches (profile, unread count, first page), state in deep refs.
import { fetchEventSource } from '@microsoft/fetch-event-source'
import axios from 'axios'
import { createApp, defineComponent, h, onMounted, ref } from 'vue'
import { config } from './bench-globals'

const App = defineComponent({
  setup() {
    const api = axios.create({ baseURL: '/api', headers: { Authorization: `Bearer ${config().token}` } })
    const profile = ref<unknown>(null)
    const unreadCount = ref(0)
    const alarms = ref<unknown[]>([])
    // Not part of the pattern: lets the bench see requests the browser refused to send.
    const requests = { sent: 0, failed: 0, errors: {} as Record<string, number> }
    api.interceptors.request.use((request) => (requests.sent++, request))
    api.interceptors.response.use(undefined, (error: { response?: unknown; code?: string; message?: string }) => {
      if (!error.response) {
        requests.failed++
        const key = error.code ?? error.message ?? 'unknown'
        requests.errors[key] = (requests.errors[key] ?? 0) + 1
      }
      return Promise.reject(error)
    })

    function refetchAll(): void {
      // The test API has no profile route: this answers 404, still one round trip per message like the seed's.
      api.get('/users/me').then((response) => (profile.value = response.data), () => {})
      api.get('/alarms/count').then((response) => (unreadCount.value = response.data.count), () => {})
      api.get('/alarms', { params: { page: 0, size: 20 } }).then((response) => (alarms.value = response.data.items), () => {})
    }

    onMounted(() => {
      refetchAll()
      void fetchEventSource('/api/subscribe', {
        headers: { Authorization: `Bearer ${config().token}` },
        onmessage(message) {
          if (message.data.startsWith('{')) refetchAll()
        },
      })
    })
    window.__benchPage = { alarms, unreadCount, requests }

    return () =>
      h('header', { class: 'app-header' }, [
        h('strong', 'Acme Board'),
        h('button', { class: 'vsa-bell__button', type: 'button', 'aria-label': `Notifications, ${unreadCount.value} unread` }, [
          unreadCount.value > 0 ? h('span', { class: 'badge' }, unreadCount.value > 99 ? '99+' : String(unreadCount.value)) : null,
        ]),
      ])
  },
})

createApp(App).mount('#app')
