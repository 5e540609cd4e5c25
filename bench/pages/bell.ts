// Ours as an app uses it: the plugin, the store and <AlarmBell> in a header.
import { createPinia } from 'pinia'
import { createApp, defineComponent, h } from 'vue'
import { AlarmBell, createAlarms, useAlarmsStore } from '../../src'
import { config } from './bench-globals'

const App = defineComponent({
  setup() {
    const store = useAlarmsStore()
    window.__benchPage = { store }
    return () => h('header', { class: 'app-header' }, [h('strong', 'Acme Board'), h(AlarmBell, { locale: 'en-US' })])
  },
})

createApp(App)
  .use(createPinia())
  .use(createAlarms({ baseURL: '/api', getToken: () => config().token, sharedConnection: config().sharedConnection ?? true }))
  .mount('#app')
