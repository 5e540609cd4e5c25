import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createAlarms } from '../src'
import { createDemoAuth } from './auth'
import { authOptions, currentAuthShape } from './auth-shape'
import App from './App.vue'
import { API_BASE } from './api-base'

const shape = currentAuthShape()
const auth = createDemoAuth(shape)

createApp(App, { auth })
  .use(createPinia())
  .use(
    createAlarms({
      baseURL: API_BASE,
      ...authOptions(shape),
      ...(shape === 'cookie'
        ? // No token in JS: who is signed in comes from the app, and a 401 ends the session.
          { userKey: () => (auth.userId.value === null ? null : String(auth.userId.value)) }
        : { getToken: auth.getToken, refreshToken: () => auth.refresh() }),
      onUnauthorized: () => auth.expire(),
    }),
  )
  .mount('#app')
