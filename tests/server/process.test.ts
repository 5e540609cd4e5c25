import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLAGS } from '../../server/cli'
import { spawnTestApi, type TestApiProcess } from '../helpers/server-process'
import { createTestApiClient } from '../helpers/test-api-client'
import { openRaw, parseBlocks } from './raw-client'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

describe('the test API as a process', () => {
  let dir: string
  let api: TestApiProcess | undefined
  let cookieApi: TestApiProcess | undefined

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'test-api-process-'))
  })
  afterAll(async () => {
    await api?.close()
    await cookieApi?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints exactly the listening line with --port 0 and exits cleanly on SIGTERM, ending open streams', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      let stdout = ''
      child.stdout.setEncoding('utf8')
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk
          if (stdout.includes('\n')) resolve(stdout)
        })
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
      })
      expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:(\d+)\n$/)
      const url = line.trim().slice('listening on '.length)
      expect(Number(new URL(url).port)).toBeGreaterThan(0)
      // Test routes are off by default.
      expect((await fetch(`${url}/api/test/stats`)).status).toBe(404)
      const { accessToken } = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"userId":1}' })).json()) as { accessToken: string }
      const stream = await openRaw(url, { token: accessToken })
      await stream.waitFor('\n\n')
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      expect(await stream.finished).toBe('end')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('keeps alarms, tokens and replay positions across a restart on the same database file', async () => {
    api = await spawnTestApi({ dbFile: join(dir, 'alarms.db') })
    const client = createTestApiClient(api.url)
    const { accessToken, refreshToken } = await client.login(1)
    const stream = await openRaw(api.url, { token: accessToken })
    await stream.waitFor('\n\n')
    const before = await client.publish(1, { content: '재시작 전' })
    const beforeEvent = parseBlocks(await stream.waitFor('재시작 전')).at(-1)!
    await client.publish(1, { content: 'read me' })

    await api.restart()
    expect(await stream.finished).toBe('end')

    // Same secret, so the old access token still works.
    const page = await client.listAlarms(accessToken)
    expect(page.items.map((alarm) => alarm.content)).toEqual(['read me', '재시작 전'])
    expect(page.items[1]).toEqual(before)
    expect((await client.refresh(refreshToken)).accessToken).toBeTruthy()

    const after = await client.publish(1, { content: 'after restart' })
    expect(after.id).toBeGreaterThan(before.id)
    const resumed = await openRaw(api.url, { token: accessToken, lastEventId: beforeEvent.id })
    try {
      await resumed.waitFor('after restart')
      const blocks = parseBlocks(resumed.text())
      expect(blocks.slice(1).map((event) => JSON.parse(event.data!).content)).toEqual(['read me', 'after restart'])
      // Ids issued after the restart still sort after the earlier ones.
      const millis = blocks.map((event) => Number(event.id!.split('_')[1]))
      expect(millis[0]).toBeGreaterThan(Number(beforeEvent.id!.split('_')[1]))
    } finally {
      resumed.close()
    }
  })

  it('prints every flag with its environment variable for --help, and exits 0', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(0)
    for (const flag of FLAGS) expect(stdout).toMatch(new RegExp(`--${flag.name}\\b.*\\b${flag.env}\\b`))
  })

  it('keeps cookie sessions across a restart, and an ended one stays ended', async () => {
    cookieApi = await spawnTestApi({ dbFile: join(dir, 'sessions.db'), args: ['--auth', 'cookie'] })
    const client = createTestApiClient(cookieApi.url)
    const kept = await client.signIn(1, 'cookie')
    const ended = await client.signIn(2, 'cookie')
    expect((await client.logout(ended)).status).toBe(204)
    await cookieApi.restart()
    expect(await client.countAs(kept)).toBe(0)
    expect((await client.request(ended, 'GET', '/api/alarms/count')).status).toBe(401)
  })
})
