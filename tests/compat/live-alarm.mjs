// Run by Node (any release, any app that installed the package) with API_URL and USER_ID set: signs in to the
// test API, opens the `./stream` entry and the store side by side, publishes one alarm and waits for both to
// receive it. Prints one JSON line: the Node version and what each received. Exits 1 after 20 s without it.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { openAlarmStream } from 'vue-sse-alarms/stream'
import { createAlarms, useAlarmsStore } from 'vue-sse-alarms'

const api = process.env.API_URL
const userId = Number(process.env.USER_ID)
const content = `Live on Node ${process.versions.node}`

const streamed = []
let streamStatus = 'not opened'
let store

const timeout = setTimeout(() => {
  process.stderr.write(`no live alarm within 20 s: ${JSON.stringify(report())}\n`)
  process.exit(1)
}, 20_000)

async function post(path, body) {
  const response = await fetch(`${api}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${path} answered ${response.status}`)
  return response.json()
}

/** Resolves once `check` holds, polling; the 20 s timer above ends a wait that never does. */
async function until(check) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20))
}

const { accessToken } = await post('/api/auth/login', { userId })
const getToken = () => accessToken

const stream = openAlarmStream({
  url: `${api}/api/subscribe`,
  getToken,
  onStatus: (status) => {
    streamStatus = status
  },
  // Raw events (the stream entry knows nothing of alarms): the published one carries its content in `data`.
  onEvent: (event) => streamed.push(event.data),
})

const app = createApp({ render: () => null })
app.use(createPinia()).use(createAlarms({ baseURL: `${api}/api`, getToken, ssr: false }))
store = app.runWithContext(() => useAlarmsStore())

function report() {
  return { node: process.versions.node, streamStatus, storeStatus: store?.status, streamed: streamed.filter((data) => data.includes(content)).length, stored: store?.items.map((alarm) => alarm.content) }
}

await until(() => streamStatus === 'open' && store.status === 'open')
await post('/api/test/publish', { userId, content })
await until(() => streamed.some((data) => data.includes(content)) && store.items.some((alarm) => alarm.content === content))

const received = report()
stream.close()
store.disconnect()
clearTimeout(timeout)
process.stdout.write(`${JSON.stringify(received)}\n`)
