import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createAlarms } from '../src'
import { createDemoAuth } from './auth'
import App from './App.vue'
import { API_BASE } from './api-base'

const auth = createDemoAuth()

createApp(App, { auth })
  .use(createPinia())
  .use(
    createAlarms({
      baseURL: API_BASE,
      getToken: () => auth.getToken(),
      // `false` tells the store the session cannot be renewed.
      refreshToken: async () => (await auth.refresh()) !== null,
      onUnauthorized: () => auth.expire(),
    }),
  )
  .mount('#app')
