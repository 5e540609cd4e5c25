import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { call } from './raw-client'

describe('alarm REST routes', () => {
  let server: TestServer
  let api: TestApiClient
  let alice: string
  let bob: string

  beforeAll(async () => {
    server = await startTestApi()
    api = createTestApiClient(server.url)
    alice = (await api.login(1)).accessToken
    bob = (await api.login(2)).accessToken
  })
  afterAll(() => server.close())

  it('publishes alarms with the Spring DTO shape and lists them newest first, paged', async () => {
    const one = await api.publish(1, { content: '댓글이 달렸습니다', url: '/posts/3' })
    expect(one).toEqual({
      id: expect.any(Number),
      type: 'COMMENT',
      content: '댓글이 달렸습니다',
      url: '/posts/3',
      isRead: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
    })
    const many = await api.publishMany(1, { content: 'bulk', type: 'LIKE', count: 4 })
    expect(many.map((alarm) => alarm.content)).toEqual(['bulk #1', 'bulk #2', 'bulk #3', 'bulk #4'])
    expect(many.every((alarm) => alarm.type === 'LIKE' && alarm.url === '')).toBe(true)

    const first = await api.listAlarms(alice, 0, 2)
    expect(first).toMatchObject({ page: 0, size: 2, total: 5 })
    expect(first.items.map((alarm) => alarm.content)).toEqual(['bulk #4', 'bulk #3'])
    const last = await api.listAlarms(alice, 2, 2)
    expect(last.items.map((alarm) => alarm.id)).toEqual([one.id])
    expect((await api.listAlarms(bob)).total).toBe(0)
  })

  it('validates page and size', async () => {
    for (const query of ['page=-1', 'size=0', 'size=101', 'page=x', 'size=1.5']) {
      const response = await call(server.url, 'GET', `/api/alarms?${query}`, { token: alice })
      expect(response.status, query).toBe(400)
    }
    expect((await call(server.url, 'GET', '/api/alarms?size=100', { token: alice })).status).toBe(200)
  })

  it('counts unread, marks one and all read, deletes, and hides other users\u2019 alarms as 404', async () => {
    const mine = await api.publish(2, { content: 'for bob' })
    const unread = await api.count(bob)
    expect(unread).toBe(1)

    // Alice cannot touch Bob's alarm.
    expect((await call(server.url, 'PATCH', `/api/alarms/${mine.id}/read`, { token: alice })).status).toBe(404)
    expect((await call(server.url, 'DELETE', `/api/alarms/${mine.id}`, { token: alice })).status).toBe(404)
    expect(await api.count(bob)).toBe(1)

    expect((await call(server.url, 'PATCH', `/api/alarms/${mine.id}/read`, { token: bob })).status).toBe(204)
    expect(await api.count(bob)).toBe(0)
    // Marking an already read alarm is still fine.
    expect((await call(server.url, 'PATCH', `/api/alarms/${mine.id}/read`, { token: bob })).status).toBe(204)
    expect((await api.listAlarms(bob)).items[0]?.isRead).toBe(true)

    for (const id of ['999999', 'abc', '0', '-1']) {
      expect((await call(server.url, 'PATCH', `/api/alarms/${id}/read`, { token: bob })).status, id).toBe(404)
      expect((await call(server.url, 'DELETE', `/api/alarms/${id}`, { token: bob })).status, id).toBe(404)
    }

    const aliceUnread = await api.count(alice)
    expect(aliceUnread).toBeGreaterThan(0)
    expect((await call(server.url, 'PATCH', '/api/alarms/read-all', { token: alice })).status).toBe(204)
    expect(await api.count(alice)).toBe(0)
    await api.publish(2, { content: 'still unread' })
    expect(await api.count(bob)).toBe(1)

    expect((await call(server.url, 'DELETE', `/api/alarms/${mine.id}`, { token: bob })).status).toBe(204)
    expect((await call(server.url, 'DELETE', `/api/alarms/${mine.id}`, { token: bob })).status).toBe(404)
    expect((await api.listAlarms(bob)).items.map((alarm) => alarm.content)).toEqual(['still unread'])
  })

  it('counts requests per route and logs them without the Authorization header', async () => {
    await api.resetStats()
    await api.count(alice)
    await api.listAlarms(alice)
    await call(server.url, 'PATCH', '/api/alarms/1/read', { token: alice })
    await api.publish(1, { content: 'not counted' })
    const stats = await api.stats()
    expect(stats.requests).toEqual({ 'GET /api/alarms/count': 1, 'GET /api/alarms': 1, 'PATCH /api/alarms/:id/read': 1 })
    expect(stats.requestLog.map((entry) => [entry.method, entry.path, entry.userId, entry.status])).toEqual([
      ['GET', '/api/alarms/count', 1, 200],
      ['GET', '/api/alarms?page=0&size=20', 1, 200],
      ['PATCH', '/api/alarms/1/read', 1, 204],
    ])
    expect(JSON.stringify(stats)).not.toContain(alice)
  })
})
