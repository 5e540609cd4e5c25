import axios from 'axios'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAlarmsApi } from '../../src/api/api'
import { AlarmsError } from '../../src/errors'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server'
import { startTestApi, type TestServer } from '../helpers/test-server'

let server: TestServer
let client: TestApiClient
let token: string
let junkServer: ScriptedServer

beforeAll(async () => {
  server = await startTestApi()
  client = createTestApiClient(server.url)
  token = (await client.login(1)).accessToken
  await client.publishMany(1, { content: 'hello', count: 3 })
  await client.publish(2, { content: 'not yours' })
  junkServer = await startScriptedServer((request) => ({
    headers: { 'content-type': 'application/json' },
    body: [request.url.startsWith('/api/alarms/count') ? '{"count":"many"}' : '{"items":"none","page":0,"size":20,"total":1}'],
  }))
})

afterAll(async () => {
  await server?.close()
  await junkServer?.close()
})

function apiFor(baseURL: string, getToken: () => string | undefined = () => token) {
  return createAlarmsApi(axios.create({ baseURL }), {}, { getToken })
}

async function rejection(promise: Promise<unknown>): Promise<AlarmsError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AlarmsError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('createAlarmsApi against the test API', () => {
  test('lists, counts, marks read and removes the signed-in user\'s alarms', async () => {
    const api = apiFor(`${server.url}/api`)
    const page = await api.list({ page: 0, size: 2 })
    expect(page.items).toHaveLength(2)
    expect(page.total).toBe(3)
    expect(await api.count()).toBe(3)
    await api.markRead(page.items[0]!.id)
    expect(await api.count()).toBe(2)
    await api.remove(page.items[1]!.id)
    expect((await api.list({ page: 0, size: 20 })).total).toBe(2)
    await api.markAllRead()
    expect(await api.count()).toBe(0)
  })

  test('sends the token only in the Authorization header', async () => {
    await client.resetStats()
    await apiFor(`${server.url}/api`).count()
    const { requestLog } = await client.stats()
    expect(JSON.stringify(requestLog)).not.toContain(token)
  })

  test('a missing token is a typed unauthorized error with status 401', async () => {
    const error = await rejection(apiFor(`${server.url}/api`, () => undefined).count())
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
  })

  test('another user\'s alarm is not-found, and the message carries no token', async () => {
    const other = await client.listAlarms((await client.login(2)).accessToken)
    const error = await rejection(apiFor(`${server.url}/api`).markRead(other.items[0]!.id))
    expect(error).toMatchObject({ code: 'not-found', status: 404 })
    expect(error.message).not.toContain(token)
    expect(JSON.stringify(error)).not.toContain(token)
  })

  test('malformed list and count bodies are invalid-response errors, never NaN', async () => {
    const api = apiFor(`${junkServer.url}/api`)
    expect(await rejection(api.count())).toMatchObject({ code: 'invalid-response' })
    expect(await rejection(api.list({ page: 0, size: 20 }))).toMatchObject({ code: 'invalid-response' })
  })

  test('a refused connection is a network error', async () => {
    const closed = await startTestApi()
    const url = closed.url
    await closed.close()
    expect(await rejection(apiFor(`${url}/api`).count())).toMatchObject({ code: 'network' })
  })
})

describe('a token that cannot go into a header', () => {
  test('is refused before the request, as a token error, without quoting the token', async () => {
    await client.resetStats()
    const broken = `${token}\r\nX-Injected: 1`
    const error = await rejection(apiFor(`${server.url}/api`, () => broken).count())
    expect(error.code).toBe('token')
    expect(error.message).not.toContain(token)
    expect((await client.stats()).requests['GET /api/alarms/count'] ?? 0).toBe(0)
  })
})

describe('page numbers and cursors', () => {
  test('firstPage: 1 adds one to the page sent; a cursor link sends only its query, to the list endpoint; a bare cursor goes as `cursor`', async () => {
    const seen: string[] = []
    const recorder = await startScriptedServer((request) => {
      seen.push(request.url)
      return { headers: { 'content-type': 'application/json' }, body: ['{"results":[],"count":0,"next":null}'] }
    })
    try {
      const parsePage = (body: unknown) => {
        const { results, count, next } = body as { results: unknown[]; count: number; next: string | null }
        return { items: results, total: count, next }
      }
      const api = createAlarmsApi(axios.create({ baseURL: new URL('/api', recorder.url).href }), {}, { getToken: () => token, firstPage: 1, parsePage })
      expect(await api.list({ page: 0, size: 5 })).toEqual({ items: [], page: 0, size: 5, total: 0, next: null })
      await api.list({ page: 3, size: 5, cursor: 'http://inner-host:8000/api/alarms/?cursor=cD0xMjM%3D&size=5' })
      await api.list({ page: 3, size: 5, cursor: 'opaque+cursor' })
      expect(seen).toEqual(['/api/alarms?page=1&size=5', '/api/alarms?cursor=cD0xMjM%3D&size=5', '/api/alarms?cursor=opaque%2Bcursor&size=5'])
    } finally {
      await recorder.close()
    }
  })
})
