import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCli } from '../../server/cli'
import { createTestApiClient, type SignedIn, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'

async function getJson(api: TestApiClient, who: SignedIn, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await api.request(who, 'GET', path)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('--shape nest', () => {
  let server: TestServer
  let api: TestApiClient
  beforeAll(async () => {
    server = await startTestApi({ shape: 'nest' })
    api = createTestApiClient(server.url)
  })
  afterAll(() => server.close())

  it('answers { data, meta } pages numbered from 1, refuses page 0, and counts as { unreadCount }', async () => {
    const alice = await api.signIn(1)
    const published = await api.publishMany(1, { content: 'c', count: 3 })
    const ids = published.map((alarm) => alarm.id).reverse()
    const first = await getJson(api, alice, '/api/alarms?page=1&size=2')
    expect(first.body).toEqual({ data: [expect.objectContaining({ id: ids[0] }), expect.objectContaining({ id: ids[1] })], meta: { total: 3, page: 1, size: 2, lastPage: 2 } })
    expect((await getJson(api, alice, '/api/alarms?page=2&size=2')).body.data).toEqual([expect.objectContaining({ id: ids[2] })])
    expect((await getJson(api, alice, '/api/alarms?page=0&size=2')).status).toBe(400)
    expect((await getJson(api, alice, '/api/alarms/count')).body).toEqual({ unreadCount: 3 })
  })
})

describe('--shape drf', () => {
  let server: TestServer
  let api: TestApiClient
  beforeAll(async () => {
    server = await startTestApi({ shape: 'drf' })
    api = createTestApiClient(server.url)
  })
  afterAll(() => server.close())

  it('answers { count, next, previous, results } from page 1, with next an absolute cursor link that walks the list once', async () => {
    const alice = await api.signIn(1)
    const published = await api.publishMany(1, { content: 'c', count: 5 })
    const first = await getJson(api, alice, '/api/alarms?page=1&size=2')
    expect(first.body).toMatchObject({ count: 5, previous: null })
    const seen = (first.body.results as { id: number }[]).map((alarm) => alarm.id)
    let next = first.body.next as string | null
    expect(next).toMatch(new RegExp(`^${server.url}/api/alarms\\?cursor=[\\w-]+&size=2$`))
    // An alarm published while paging does not shift a keyset cursor: nothing is repeated or skipped.
    await api.publish(1, { content: 'newer' })
    while (next) {
      const page = await getJson(api, alice, next.slice(server.url.length))
      seen.push(...(page.body.results as { id: number }[]).map((alarm) => alarm.id))
      next = page.body.next as string | null
    }
    expect(seen).toEqual(published.map((alarm) => alarm.id).reverse())
    expect((await getJson(api, alice, '/api/alarms?cursor=junk')).status).toBe(400)
    expect((await getJson(api, alice, '/api/alarms/count')).body).toEqual({ count: 6 })
  })
})

describe('the --shape flag', () => {
  it('reads the flag and SHAPE, and refuses an unknown shape', () => {
    expect(parseCli(['--shape', 'drf'])).toMatchObject({ options: { shape: 'drf' } })
    expect(parseCli([], { SHAPE: 'nest' })).toMatchObject({ options: { shape: 'nest' } })
    expect(() => parseCli(['--shape', 'rails'])).toThrow(/--shape .*spring, nest, drf/)
  })
})
