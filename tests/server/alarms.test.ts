import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi } from '../helpers/test-server'
import { call } from './raw-client'
import { testApiPerSuite } from '../helpers/test-api-per-suite'

describe('alarm REST routes', () => {
  const { api, url } = testApiPerSuite()
  let alice: string
  let bob: string

  beforeAll(async () => {
    alice = (await api.login(1)).accessToken
    bob = (await api.login(2)).accessToken
  })

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
      const response = await call(url(), 'GET', `/api/alarms?${query}`, { token: alice })
      expect(response.status, query).toBe(400)
    }
    expect((await call(url(), 'GET', '/api/alarms?size=100', { token: alice })).status).toBe(200)
  })

  it('counts unread, marks one and all read, deletes, and hides other users\u2019 alarms as 404', async () => {
    const mine = await api.publish(2, { content: 'for bob' })
    const unread = await api.count(bob)
    expect(unread).toBe(1)

    // Alice cannot touch Bob's alarm.
    expect((await call(url(), 'PATCH', `/api/alarms/${mine.id}/read`, { token: alice })).status).toBe(404)
    expect((await call(url(), 'DELETE', `/api/alarms/${mine.id}`, { token: alice })).status).toBe(404)
    expect(await api.count(bob)).toBe(1)

    expect((await call(url(), 'PATCH', `/api/alarms/${mine.id}/read`, { token: bob })).status).toBe(204)
    expect(await api.count(bob)).toBe(0)
    // Marking an already read alarm is still fine.
    expect((await call(url(), 'PATCH', `/api/alarms/${mine.id}/read`, { token: bob })).status).toBe(204)
    expect((await api.listAlarms(bob)).items[0]?.isRead).toBe(true)

    for (const id of ['999999', 'abc', '0', '-1']) {
      expect((await call(url(), 'PATCH', `/api/alarms/${id}/read`, { token: bob })).status, id).toBe(404)
      expect((await call(url(), 'DELETE', `/api/alarms/${id}`, { token: bob })).status, id).toBe(404)
    }

    const aliceUnread = await api.count(alice)
    expect(aliceUnread).toBeGreaterThan(0)
    expect((await call(url(), 'PATCH', '/api/alarms/read-all', { token: alice })).status).toBe(204)
    expect(await api.count(alice)).toBe(0)
    await api.publish(2, { content: 'still unread' })
    expect(await api.count(bob)).toBe(1)

    expect((await call(url(), 'DELETE', `/api/alarms/${mine.id}`, { token: bob })).status).toBe(204)
    expect((await call(url(), 'DELETE', `/api/alarms/${mine.id}`, { token: bob })).status).toBe(404)
    expect((await api.listAlarms(bob)).items.map((alarm) => alarm.content)).toEqual(['still unread'])
  })

  it('counts requests per route and logs them without the Authorization header', async () => {
    await api.resetStats()
    await api.count(alice)
    await api.listAlarms(alice)
    await call(url(), 'PATCH', '/api/alarms/1/read', { token: alice })
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

describe('unread alarms over REST', () => {
  const { api, url } = testApiPerSuite()

  it('lists only unread alarms with ?unread=true, newest first and paged, total counting only those', async () => {
    const alice = await api.signIn(1)
    const published = await api.publishMany(1, { content: 'u', count: 5 })
    for (const index of [1, 3]) await api.request(alice, 'PATCH', `/api/alarms/${published[index]!.id}/read`)
    const first = await api.listAlarmsAs(alice, { unread: true, size: 2 })
    expect(first).toEqual({ items: expect.any(Array), page: 0, size: 2, total: 3 })
    expect(first.items.map((alarm) => alarm.content)).toEqual(['u #5', 'u #3'])
    expect(first.items.every((alarm) => !alarm.isRead)).toBe(true)
    const second = await api.listAlarmsAs(alice, { unread: true, size: 2, page: 1 })
    expect(second.items.map((alarm) => alarm.content)).toEqual(['u #1'])
    expect((await api.listAlarmsAs(alice)).total).toBe(5)
    expect((await call(url(), 'GET', '/api/alarms?unread=false', { token: alice.accessToken })).json()).toMatchObject({ total: 5 })
    expect((await call(url(), 'GET', '/api/alarms?unread=yes', { token: alice.accessToken })).status).toBe(400)
  })

  it('marks an alarm unread again with PATCH /api/alarms/{id}/unread, and hides other users\u2019 alarms as 404', async () => {
    const bob = await api.signIn(2)
    const carol = await api.signIn(3)
    const alarm = await api.publish(2, { content: 'read, then unread' })
    await api.request(bob, 'PATCH', '/api/alarms/read-all')
    expect(await api.countAs(bob)).toBe(0)
    expect((await api.request(carol, 'PATCH', `/api/alarms/${alarm.id}/unread`)).status).toBe(404)
    expect(await api.countAs(bob)).toBe(0)
    const marked = await api.request(bob, 'PATCH', `/api/alarms/${alarm.id}/unread`)
    expect(marked.status).toBe(204)
    expect(await marked.text()).toBe('')
    expect(await api.countAs(bob)).toBe(1)
    expect((await api.listAlarmsAs(bob, { unread: true })).items).toEqual([{ ...alarm, isRead: false }])
    // Already unread is still fine; unknown ids are not found.
    expect((await api.request(bob, 'PATCH', `/api/alarms/${alarm.id}/unread`)).status).toBe(204)
    for (const id of ['999999', 'abc', '0']) expect((await api.request(bob, 'PATCH', `/api/alarms/${id}/unread`)).status, id).toBe(404)
  })

  it('adds no unread field to list pages by default', async () => {
    const page = await api.listAlarmsAs(await api.signIn(1))
    expect(page).not.toHaveProperty('unread')
  })
})

describe('--list-unread-field', () => {
  it('puts the user\u2019s unread count on every list page, filtered or not', async () => {
    const server = await startTestApi({ listUnreadField: true })
    try {
      const api = createTestApiClient(server.url)
      const alice = await api.signIn(1)
      const published = await api.publishMany(1, { content: 'c', count: 3 })
      await api.publish(2, { content: 'not alice\u2019s' })
      await api.request(alice, 'PATCH', `/api/alarms/${published[0]!.id}/read`)
      expect(await api.listAlarmsAs(alice, { size: 1 })).toMatchObject({ total: 3, unread: 2 })
      expect(await api.listAlarmsAs(alice, { size: 1, page: 2 })).toMatchObject({ total: 3, unread: 2 })
      expect(await api.listAlarmsAs(alice, { unread: true })).toMatchObject({ total: 2, unread: 2 })
    } finally {
      await server.close()
    }
  })
})
