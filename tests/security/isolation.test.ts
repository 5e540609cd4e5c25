import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { openAlarmStream } from '../../src/stream'
import type { AlarmStreamEvent } from '../../src/stream/types'
import { createTestApiClient, type TestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { mountAlarms, until, type MountedAlarms } from '../store/mount-alarms'

const RETRY = { minMs: 20, initialMs: 20, maxMs: 60 }
const ALICE = 701
const BOB = 702

let server: TestServer
let api: TestApiClient
const mounted: MountedAlarms[] = []
const closers: Array<() => void> = []

beforeAll(async () => {
  server = await startTestApi()
  api = createTestApiClient(server.url)
})

afterEach(async () => {
  for (const entry of mounted.splice(0)) entry.unmount()
  for (const close of closers.splice(0)) close()
  await api.resetFaults()
})

afterAll(async () => {
  await server?.close()
})

async function signIn(userId: number) {
  const session = { ...(await api.login(userId)) }
  const entry = mountAlarms({
    baseURL: `${server.url}/api`,
    getToken: () => session.accessToken,
    refreshToken: async () => Object.assign(session, await api.refresh(session.refreshToken)),
    stream: { retry: RETRY },
  })
  mounted.push(entry)
  await until(() => entry.store.status === 'open' && !entry.store.loading, `user ${userId} to connect`)
  return { ...entry, session }
}

function rawStream(token: string, lastEventId?: string) {
  const events: AlarmStreamEvent[] = []
  const stream = openAlarmStream({
    url: `${server.url}/api/subscribe`,
    getToken: () => token,
    lastEventId,
    retry: RETRY,
    onEvent: (event) => events.push(event),
  })
  closers.push(() => stream.close())
  return { stream, events }
}

const contents = (items: ReadonlyArray<{ content: string }>) => items.map((item) => item.content).sort()

describe('cross-user isolation', () => {
  test('on the stream and over REST: each store holds only its own user’s alarms, through drops and token expiry', async () => {
    const alice = await signIn(ALICE)
    const bob = await signIn(BOB)
    await api.publishMany(ALICE, { content: 'for alice', count: 3 })
    await api.publishMany(BOB, { content: 'for bob', count: 2 })
    await until(() => alice.store.items.length === 3 && bob.store.items.length === 2, 'both lists')
    await api.fault({ type: 'expireTokens' })
    await api.fault({ type: 'drop' })
    await api.publish(ALICE, { content: 'for alice after the drop' })
    await api.publish(BOB, { content: 'for bob after the drop' })
    await until(() => alice.store.items.length === 4 && bob.store.items.length === 3, 'the alarms after the drop')
    await alice.store.refresh()
    await bob.store.refresh()

    expect(contents(alice.store.items)).toEqual(['for alice #1', 'for alice #2', 'for alice #3', 'for alice after the drop'])
    expect(contents(bob.store.items)).toEqual(['for bob #1', 'for bob #2', 'for bob after the drop'])
    expect(alice.store.unreadCount).toBe(4)
    expect(bob.store.unreadCount).toBe(3)
    const { openStreams } = await api.stats()
    expect(openStreams[String(ALICE)]).toBe(1)
    expect(openStreams[String(BOB)]).toBe(1)
  })

  test('replay: a Last-Event-ID of another user replays nothing of theirs', async () => {
    const aliceToken = (await api.login(ALICE)).accessToken
    const bobToken = (await api.login(BOB)).accessToken
    const alice = rawStream(aliceToken)
    await until(() => alice.events.length === 1, 'alice’s handshake')
    const aliceResumePoint = alice.stream.lastEventId
    expect(aliceResumePoint).toMatch(new RegExp(`^${ALICE}_\\d+$`))
    await api.publishMany(ALICE, { content: 'alice secret', count: 3 })
    await until(() => alice.events.length === 4, 'alice’s alarms')
    const aliceIds = alice.events.map((event) => event.lastEventId)

    // Bob presents Alice's ids, both the one before her alarms and one of her alarms' ids.
    for (const borrowed of [aliceResumePoint, aliceIds[1]!, `${ALICE}_0`]) {
      const bob = rawStream(bobToken, borrowed)
      await until(() => bob.events.length >= 1, 'bob’s handshake')
      await api.publish(BOB, { content: 'bob own' })
      await until(() => bob.events.some((event) => event.data.includes('bob own')), 'bob’s own alarm')
      expect(bob.events.map((event) => event.data).join('\n')).not.toContain('alice secret')
      bob.stream.close()
    }
    const bobSubscribes = (await api.stats()).requestLog.filter((entry) => entry.path.startsWith('/api/subscribe') && entry.userId === BOB)
    expect(bobSubscribes.map((entry) => entry.lastEventId)).toEqual(expect.arrayContaining([aliceResumePoint, aliceIds[1]]))
  })

  test('REST via the store: reading or removing another user’s alarm fails as not found and changes nothing', async () => {
    const [aliceAlarm] = await api.publishMany(ALICE, { content: 'alice private', count: 1 })
    const bob = await signIn(BOB)
    const bobItemsBefore = bob.store.items.map((item) => item.id)

    await bob.store.markRead(aliceAlarm!.id)
    expect(bob.store.error?.code).toBe('not-found')
    await bob.store.remove(aliceAlarm!.id)
    expect(bob.store.error?.code).toBe('not-found')
    expect(bob.store.items.map((item) => item.id)).toEqual(bobItemsBefore)

    const aliceToken = (await api.login(ALICE)).accessToken
    const aliceList = await api.listAlarms(aliceToken, 0, 100)
    const stillThere = aliceList.items.find((item) => item.id === aliceAlarm!.id)
    expect(stillThere?.isRead).toBe(false)

    // "Read all" by Bob leaves Alice's unread count alone.
    const aliceUnread = await api.count(aliceToken)
    await bob.store.markAllRead()
    expect(await api.count(aliceToken)).toBe(aliceUnread)
    expect(bob.store.items.every((item) => !contents([item])[0]!.startsWith('alice'))).toBe(true)
  })
})
