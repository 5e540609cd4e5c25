import { afterAll, expect, test } from 'vitest'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi, type TestServer } from '../helpers/test-server'
import { mountAlarms, until } from '../store/mount-alarms'
import { allocateClusterPorts, publisherBaseUrl, startNchanCluster, type NchanCluster, type NchanInstance } from './cluster'
import { createWiretap } from './wiretap'

// Redis, two nchan instances from examples/nchan/nginx.conf, the round-robin load balancer from
// examples/nchan/load-balancer.conf, and the test API publishing to them (--publish-to). Started by the first test
// that needs it, so a missing binary fails every test with its message instead of skipping them.
interface Setup {
  api: TestServer
  cluster: NchanCluster
  publisherUrl: string
}
let starting: Promise<Setup> | undefined

function setup(): Promise<Setup> {
  starting ??= (async () => {
    const ports = await allocateClusterPorts()
    const publisherUrl = publisherBaseUrl(ports)
    const api = await startTestApi({ publishTo: publisherUrl })
    try {
      return { api, cluster: await startNchanCluster({ ports, apiPort: api.port }), publisherUrl }
    } catch (error) {
      await api.close()
      throw error
    }
  })()
  return starting
}

afterAll(async () => {
  const started = await starting?.catch(() => undefined)
  await started?.cluster.stop()
  await started?.api.close()
})

const FAST_RETRY = { minMs: 20, initialMs: 50, maxMs: 200 }

/** A store whose stream and REST go through the load balancer, with its stream's wire recorded. */
function storeThroughCluster(cluster: NchanCluster, accessToken: string) {
  const wiretap = createWiretap()
  const mounted = mountAlarms({
    baseURL: `${cluster.url}/api`,
    getToken: () => accessToken,
    sharedConnection: false,
    stream: { retry: FAST_RETRY, fetch: wiretap.fetch },
  })
  return { ...mounted, wiretap }
}

/** Messages nchan holds for a user's channel (through the load balancer's publisher address). */
async function channelMessages(publisherUrl: string, userId: number): Promise<number> {
  const response = await fetch(`${publisherUrl}/${userId}`, { headers: { Accept: 'text/json' } })
  if (response.status === 404) return 0
  return ((await response.json()) as { messages: number }).messages
}

async function holderOf(instances: NchanInstance[]): Promise<{ holder: NchanInstance; other: NchanInstance }> {
  let counts: number[] = []
  await until(async () => {
    counts = await Promise.all(instances.map((instance) => instance.subscribers().catch(() => 0)))
    return counts.filter((count) => count > 0).length === 1
  }, 'one instance holding the stream')
  const holderIndex = counts.findIndex((count) => count > 0)
  return { holder: instances[holderIndex]!, other: instances[1 - holderIndex]! }
}

test('nchan refuses a stream without a valid token and gives a token only its own user’s channel', async () => {
  const { cluster } = await setup()
  const client = createTestApiClient(cluster.url)
  const refused = await fetch(`${cluster.url}/api/subscribe`, { headers: { Accept: 'text/event-stream', Authorization: 'Bearer forged' } })
  await refused.arrayBuffer()
  expect(refused.status).toBe(401)

  const mine = await client.login(21)
  const { store, unmount, wiretap } = storeThroughCluster(cluster, mine.accessToken)
  try {
    await until(() => store.status === 'open' && !store.loading, 'the stream through nchan')
    await client.publish(22, { content: 'for user 22 only' })
    const own = await client.publish(21, { content: 'for user 21' })
    await until(() => store.items.length === 1, 'the own alarm')
    expect(store.items.map((alarm) => alarm.id)).toEqual([own.id])
    expect(wiretap.alarmIds()).toEqual([own.id])
    // nchan's wire: `time:seq` ids and no event name, which the store's default event names accept.
    expect(store.lastEventId).toMatch(/^\d+:\d+$/)
  } finally {
    unmount()
  }
})

test('a stream whose nchan instance dies resumes on the other with Last-Event-ID; every alarm arrives once, none only over REST', async () => {
  const { cluster, publisherUrl } = await setup()
  const userId = 7
  const client = createTestApiClient(cluster.url)
  const session = await client.login(userId)
  const { store, unmount, wiretap } = storeThroughCluster(cluster, session.accessToken)
  try {
    await until(() => store.status === 'open' && !store.loading, 'the first stream')
    const before = await client.publish(userId, { content: 'before the failover' })
    await until(() => store.items.length === 1, 'the alarm before the failover')
    const resumeFrom = store.lastEventId
    expect(resumeFrom).toMatch(/^\d+:\d+$/)

    const { holder, other } = await holderOf(cluster.instances)
    // The reconnect waits until the alarm below is in Redis: only nchan's replay can then bring it.
    wiretap.hold()
    const requestsBeforeKill = wiretap.requests.length
    holder.process.signal('SIGKILL')
    await holder.process.exited
    await until(() => wiretap.waiting === 1, 'the reconnect attempt')
    const during = await client.publish(userId, { content: 'while the instance is gone' })
    await until(async () => (await channelMessages(publisherUrl, userId)) >= 2, 'the alarm stored in Redis')
    wiretap.release()

    await until(() => store.items.some((alarm) => alarm.id === during.id), 'the alarm published during the failover', 10_000)
    // The alarm of the gap came by nchan's replay on an answered reconnect; every attempt up to it resumed from the
    // same id (a busy machine may add a failed attempt before it, or a later one after it).
    const duringEvent = wiretap.events.find((event) => event.data.includes(`"id":${during.id},`))!
    const carrier = wiretap.requests[duringEvent.request]!
    expect(duringEvent.request).toBeGreaterThanOrEqual(requestsBeforeKill)
    expect(carrier.status).toBe(200)
    const reconnects = wiretap.requests.slice(requestsBeforeKill, duringEvent.request + 1)
    expect(reconnects.map((request) => request.lastEventId)).toEqual(reconnects.map(() => resumeFrom))
    expect(await other.subscribers()).toBe(1)

    const after = await client.publish(userId, { content: 'after the failover' })
    await until(() => store.items.length === 3 && !store.loading, 'the alarm after the failover')

    // Exactly once on the wire, in order, each through the stream (the one during the gap by replay).
    expect(wiretap.alarmIds()).toEqual([before.id, during.id, after.id])
    // The REST reconcile after the reconnect found nothing the stream had not brought.
    const page = await client.listAlarms(session.accessToken)
    expect(page.items.map((alarm) => alarm.id)).toEqual([after.id, during.id, before.id])
    expect(store.items.map((alarm) => alarm.id)).toEqual([after.id, during.id, before.id])
    expect(store.unreadCount).toBe(3)
  } finally {
    unmount()
  }
}, 30_000)
