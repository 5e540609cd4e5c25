import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import type { CreateAlarmsOptions } from '../../src/options'
import { runCommand } from '../helpers/run-command'
import { mountAlarms, until, type MountedAlarms } from '../store/mount-alarms'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OUT_DIR = fileURLToPath(new URL('../.tmp/nest-backend', import.meta.url))

/** The client options for a NestJS backend that lists `{ data, meta }` from page 1, exactly as docs/backends/nestjs.md gives them. */
const nestOptions: Pick<CreateAlarmsOptions, 'firstPage' | 'parsePage'> = {
  firstPage: 1,
  parsePage: (body) => {
    const { data, meta } = body as { data: unknown[]; meta: { total: number } }
    return { items: data, total: meta.total }
  },
}

let child: ChildProcess | undefined
let baseUrl = ''
const mounted: MountedAlarms[] = []

async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${path} answered ${response.status}`)
  return (response.headers.get('content-type')?.includes('json') ? response.json() : undefined) as Promise<T>
}
const openStreams = async (userId: number) =>
  ((await (await fetch(`${baseUrl}/api/test/stats`)).json()) as { openStreams: Record<string, number> }).openStreams[userId] ?? 0

beforeAll(async () => {
  // Decorator metadata needs tsc (esbuild does not emit it): compile the app as NestJS's CLI would, then run it.
  await runCommand(`${ROOT}node_modules/.bin/tsc`, ['-p', 'tests/backends/nest/tsconfig.json'], { cwd: ROOT })
  await mkdir(OUT_DIR, { recursive: true })
  await writeFile(`${OUT_DIR}/package.json`, '{ "type": "commonjs" }\n')
  const started = spawn(process.execPath, [`${OUT_DIR}/main.js`], { cwd: ROOT, env: { ...process.env, PORT: '0', HEARTBEAT_MS: '200' }, stdio: ['ignore', 'pipe', 'inherit'] })
  child = started
  const lines = createInterface({ input: started.stdout! })
  const port = await new Promise<number>((resolve, reject) => {
    started.once('exit', (code) => reject(new Error(`the NestJS app exited with ${code}`)))
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port))
  })
  baseUrl = `http://127.0.0.1:${port}`
}, 120_000)

afterEach(() => {
  for (const entry of mounted.splice(0)) entry.unmount()
})

afterAll(async () => {
  if (!child || child.exitCode !== null) return
  const exited = new Promise((resolve) => child!.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
})

async function signedIn(userId: number) {
  const session = await post<{ accessToken: string; refreshToken: string }>('/api/auth/login', { userId })
  const token = ref<string | null>(session.accessToken)
  const refreshToken = vi.fn(async () => {
    Object.assign(session, await post('/api/auth/refresh', { refreshToken: session.refreshToken }))
    token.value = session.accessToken
  })
  const entry = mountAlarms({ baseURL: `${baseUrl}/api`, getToken: () => token.value, refreshToken, ...nestOptions })
  mounted.push(entry)
  await until(() => entry.store.status === 'open' && !entry.store.loading, 'the first load')
  return { store: entry.store, token, refreshToken }
}

describe('a NestJS app written from the NestJS docs, with options alone', () => {
  test('first load from page 1, then a live alarm with its id; the heartbeats in between change nothing', async () => {
    for (const content of ['one', 'two', 'three']) await post('/api/test/publish', { userId: 1, content })
    const { store } = await signedIn(1)
    expect(store.items.map((item) => item.content)).toEqual(['three', 'two', 'one'])
    expect(store.unreadCount).toBe(3)
    expect(store.error).toBeNull()
    const live = await post<{ id: number }>('/api/test/publish', { userId: 1, content: 'live' })
    await until(() => store.items.length === 4, 'the live alarm')
    expect(store.items[0]!.content).toBe('live')
    expect(store.lastEventId).toBe(String(live.id))
    await until(() => !store.loading && store.unreadCount === 4, 'the count after it')
    expect(store.items).toHaveLength(4)
  })

  test('a 401 from the guard refreshes the token once, and REST and the stream go on', async () => {
    const { store, refreshToken } = await signedIn(2)
    await post('/api/test/expire-tokens')
    await store.refresh()
    expect(refreshToken).toHaveBeenCalledTimes(1)
    expect(store.error).toBeNull()
    // The new token reopens the stream (getToken is read reactively).
    await until(() => store.status === 'open', 'the stream on the new token')
    await post('/api/test/publish', { userId: 2, content: 'after refresh' })
    await until(() => store.items.length === 1, 'an alarm after the refresh')
  })

  test('sign-out closes the subscription on the server', async () => {
    const { store, token } = await signedIn(3)
    await until(async () => (await openStreams(3)) === 1, 'the subscription')
    token.value = null
    await nextTick()
    expect(store.status).toBe('idle')
    await until(async () => (await openStreams(3)) === 0, 'the server to close the subscription', 2000)
  })
})
