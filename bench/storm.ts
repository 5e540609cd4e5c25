// Reconnect storm: N clients (the library's store in Node, one stream each, as N browsers) on one backend that
// restarts; how fast they are all back, how hard they hit the server doing it, what it costs over REST, and whether
// the alarms published meanwhile reach every client once. Side by side with fixed-delay reconnects, and once more
// behind nchan + Redis (examples/nchan/). Every timing setting of ours is the library's default.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { openAlarmDb } from '../server/db'
import { springId } from '../server/sse'
import { createEventClock } from '../server/streams'
import { createTestApiClient, type TestApiClient } from '../tests/helpers/test-api-client'
import { allocateClusterPorts, publisherBaseUrl, startNchanCluster } from '../tests/scale/cluster'
import { startRestartableApi, type RestartableApi } from './lib/api-process'
import { processTreeMemory, redisUsedMemory } from './lib/footprint'
import { runBench, type BenchRow } from './lib/result'
import { deliveredExactlyOnce, deliveryText, summarizeStorm, type StormMeasure } from './lib/storm-analysis'
import { startWorkerPool, type WorkerPool } from './lib/storm-pool'
import { epochNow, type ClientKind, type ClientLogin } from './lib/storm-protocol'
import { fmt, sleep } from './lib/stats'

const WORKERS = 4
const REOPEN_GOAL_MS = 5_000
/** How long the bench waits after the return for every client to be open and quiet: 45 s + 10 ms per client. */
const settleTimeoutMs = (clients: number) => 45_000 + clients * 10
const QUIET_MS = 1_000
const TOKEN_TTL_MS = String(3 * 60 * 60 * 1000)

interface KindEntry {
  /** Shown in the comparison column. */
  name: string
  kind: ClientKind
  /** Extra test API flags (the list page carrying the unread count). */
  serverArgs?: string[]
}

const OURS: KindEntry = { name: 'ours', kind: { type: 'ours' } }
/** A native EventSource: about 3 s, resuming with Last-Event-ID. */
const NATIVE: KindEntry = { name: 'fixed-3s', kind: { type: 'fixed', delayMs: 3_000, sendsLastEventId: true } }
/** vueuse's useEventSource with autoReconnect: a new EventSource after 1 s, so no Last-Event-ID. */
const VUEUSE: KindEntry = { name: 'fixed-1s', kind: { type: 'fixed', delayMs: 1_000, sendsLastEventId: false } }

interface StormRun {
  setup: string
  kind: string
  clients: number
  outageMs: number
  measure: StormMeasure
}

const restRequests = (requests: Record<string, number>) =>
  Object.entries(requests).reduce((sum, [route, count]) => (route.startsWith('GET /api/alarms') ? sum + count : sum), 0)

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let index = 0; index < items.length; index += size) results.push(...(await Promise.all(items.slice(index, index + size).map(work))))
  return results
}

function loginAll(client: TestApiClient, userIds: number[]): Promise<ClientLogin[]> {
  return inBatches(userIds, 32, async (userId) => ({ userId, accessToken: (await client.login(userId)).accessToken }))
}

/** One alarm per user through the API (and so to nchan when it publishes there). */
async function publishToAll(client: TestApiClient, userIds: number[], content: string): Promise<Record<number, number[]>> {
  const expected: Record<number, number[]> = {}
  await inBatches(userIds, 16, async (userId) => {
    expected[userId] = [(await client.publish(userId, { content })).id]
  })
  return expected
}

/**
 * One alarm per user written to the API's database by a second connection, which pushes nothing and triggers no
 * refresh: the clients can only learn of them after the drop, by Last-Event-ID replay or by the REST reconcile,
 * exactly as alarms published during the outage. Written just before the stop because 5 000 single-row SQLite
 * commits take seconds on this machine's disk, which would stretch the outage.
 */
function insertUnannounced(dbFile: string, userIds: number[]): Record<number, number[]> {
  const db = openAlarmDb(dbFile)
  try {
    const clock = createEventClock(db.lastIssuedMillis())
    const expected: Record<number, number[]> = {}
    for (const userId of userIds) {
      const eventId = springId(userId, clock.nextMillis())
      expected[userId] = [db.insertAlarm({ userId, type: 'COMMENT', content: 'published during the outage', url: '', eventId }, new Date()).alarm.id]
    }
    return expected
  } finally {
    db.close()
  }
}

async function waitSettled(pool: WorkerPool, deadline: number): Promise<void> {
  for (;;) {
    const status = await pool.status()
    if (status.settled === status.total || epochNow() > deadline) return
    await sleep(100)
  }
}

/** Until the REST counters stood still for QUIET_MS (a trailing debounced refresh counts). */
async function waitRestQuiet(client: TestApiClient): Promise<Record<string, number>> {
  let last = -1
  let quietSince = epochNow()
  for (;;) {
    const { requests } = await client.stats()
    const total = restRequests(requests)
    if (total !== last) {
      last = total
      quietSince = epochNow()
    } else if (epochNow() - quietSince >= QUIET_MS) {
      return requests
    }
    await sleep(200)
  }
}

async function supportsUnreadField(): Promise<boolean> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts', '--help'], { cwd: root })
  return stdout.includes('--list-unread-field')
}

/** One client kind against the test API as one process on a SQLite file, restarted once per outage. */
async function stormsOnTestApi(entry: KindEntry, clients: number, outagesMs: number[], firstUser: number, log: (message: string) => void): Promise<StormRun[]> {
  const dir = await mkdtemp(join(tmpdir(), 'alarms-storm-'))
  const dbFile = join(dir, 'alarms.db')
  let api: RestartableApi | undefined
  let pool: WorkerPool | undefined
  try {
    api = await startRestartableApi(['--db', dbFile, '--token-ttl-ms', TOKEN_TTL_MS, ...(entry.serverArgs ?? [])])
    pool = startWorkerPool(WORKERS)
    const client = createTestApiClient(api.url)
    const userIds = Array.from({ length: clients }, (_, index) => firstUser + index)
    await pool.start(entry.kind, api.url, await loginAll(client, userIds))
    log(`${entry.name}: ${clients} clients open`)
    const runs: StormRun[] = []
    for (const outageMs of outagesMs) {
      await api.prepare()
      await pool.report(epochNow(), {})
      const expected = insertUnannounced(dbFile, userIds)
      const stopAt = epochNow()
      await api.stop()
      const downAt = epochNow()
      const wait = outageMs - (epochNow() - downAt)
      if (wait > 0) await sleep(wait)
      await api.start()
      const returnAt = epochNow()
      await waitSettled(pool, returnAt + settleTimeoutMs(clients))
      const requests = await waitRestQuiet(client)
      const report = await pool.report(stopAt, expected)
      const measure = summarizeStorm(report, { downAt, returnAt }, clients, restRequests(requests), clients)
      log(`${entry.name} N=${clients} outage ${outageMs} ms: ${JSON.stringify(measure)}`)
      runs.push({ setup: 'test API', kind: entry.name, clients, outageMs, measure })
    }
    return runs
  } finally {
    await pool?.stop()
    await api?.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Memory of the nchan setup, in bytes: each instance (PSS of master + workers), the load balancer, Redis. */
interface Footprint {
  instances: number[]
  loadBalancer: number
  redis: number
}

/** What one more stream (and one more buffered message) costs, from footprints taken with 0, N and N + 1 message each. */
export interface NchanCosts {
  clients: number
  /** Per stream held by an instance. */
  instanceBytesPerStream: number
  /** Per stream passing through the load balancer (two sockets). */
  loadBalancerBytesPerStream: number
  /** Per user channel in Redis holding one message. */
  redisBytesPerChannel: number
  /** Per further buffered message of ~150 bytes. */
  redisBytesPerMessage: number
  footprints: { idle: Footprint; connected: Footprint; secondMessage: Footprint }
}

/** Ours behind the load balancer of examples/nchan/: one of the two nchan instances restarts, then both. */
async function stormsOnNchan(clients: number, outageMs: number, firstUser: number, log: (message: string) => void): Promise<{ runs: StormRun[]; costs: NchanCosts }> {
  const dir = await mkdtemp(join(tmpdir(), 'alarms-storm-nchan-'))
  const ports = await allocateClusterPorts()
  let api: RestartableApi | undefined
  let stopCluster = async () => {}
  let pool: WorkerPool | undefined
  try {
    api = await startRestartableApi(['--db', join(dir, 'alarms.db'), '--token-ttl-ms', TOKEN_TTL_MS, '--publish-to', publisherBaseUrl(ports)])
    const cluster = await startNchanCluster({ ports, apiPort: api.port })
    stopCluster = cluster.stop
    const footprint = async (): Promise<Footprint> => ({
      instances: await Promise.all(cluster.instances.map((instance) => processTreeMemory(instance.process.pid))),
      loadBalancer: await processTreeMemory(cluster.loadBalancer.pid),
      redis: await redisUsedMemory(cluster.redisPort),
    })
    const idle = await footprint()
    pool = startWorkerPool(WORKERS)
    const client = createTestApiClient(api.url)
    const userIds = Array.from({ length: clients }, (_, index) => firstUser + index)
    await pool.start(OURS.kind, cluster.url, await loginAll(client, userIds))
    // One alarm each first, so every client holds an nchan message id to resume from.
    const warmUp = await publishToAll(client, userIds, 'before the restart')
    await sleep(QUIET_MS)
    const warm = await pool.report(epochNow(), warmUp)
    if (warm.delivery.once !== clients) throw new Error(`warm-up: only ${warm.delivery.once} of ${clients} clients got their alarm`)
    const connected = await footprint()
    await pool.report(epochNow(), await publishToAll(client, userIds, 'a second message per channel'))
    await sleep(QUIET_MS)
    const secondMessage = await footprint()
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
    const costs: NchanCosts = {
      clients,
      instanceBytesPerStream: (sum(connected.instances) - sum(idle.instances)) / clients,
      loadBalancerBytesPerStream: (connected.loadBalancer - idle.loadBalancer) / clients,
      redisBytesPerChannel: (connected.redis - idle.redis) / clients,
      redisBytesPerMessage: (secondMessage.redis - connected.redis) / clients,
      footprints: { idle, connected, secondMessage },
    }
    log(`nchan: ${clients} clients open and warmed up; ${JSON.stringify(costs)}`)

    const scenarios = [
      { name: 'nchan, 1 of 2 instances restarts', instances: [cluster.instances[0]!] },
      { name: 'nchan, both instances restart', instances: cluster.instances },
    ]
    const runs: StormRun[] = []
    for (const scenario of scenarios) {
      await waitRestQuiet(client)
      await client.resetStats()
      const stopAt = epochNow()
      await Promise.all(scenario.instances.map((instance) => instance.stop()))
      const downAt = epochNow()
      // Published from the drop on, through the test API and its --publish-to, as fast as the API takes them:
      // on this machine that outlasts the outage, so the later ones meet the storm.
      const publishing = publishToAll(client, userIds, 'published while nchan restarts')
      await sleep(outageMs)
      await Promise.all(scenario.instances.map((instance) => instance.start()))
      const returnAt = epochNow()
      const expected = await publishing
      await waitSettled(pool, returnAt + settleTimeoutMs(clients))
      const requests = await waitRestQuiet(client)
      const report = await pool.report(stopAt, expected)
      const measure = summarizeStorm(report, { downAt, returnAt }, clients, restRequests(requests), clients)
      log(`${scenario.name} N=${clients}: ${JSON.stringify(measure)}`)
      runs.push({ setup: scenario.name, kind: OURS.name, clients, outageMs, measure })
    }
    return { runs, costs }
  } finally {
    await pool?.stop()
    await stopCluster()
    await api?.close()
    await rm(dir, { recursive: true, force: true })
  }
}

const seconds = (ms: number) => fmt(ms / 1000, 's')

function reopenText(measure: StormMeasure): string {
  const notBack = measure.dropped - measure.reopened
  const parts: string[] = []
  if (measure.dropped < measure.clients) parts.push(`${measure.dropped} of ${measure.clients} dropped`)
  if (notBack > 0) {
    const doing = Object.entries(measure.notReopened).map(([state, count]) => `${count} ${state}`).join(', ')
    parts.push(`${notBack} not open ${settleTimeoutMs(measure.clients) / 1000} s after the return (${doing})`)
  }
  const { reopenMs, reopenAfterDropMs } = measure
  const times =
    reopenMs.max <= 0
      ? `${seconds(reopenAfterDropMs.max)} after the drop, before the return (p50 ${seconds(reopenAfterDropMs.p50)})`
      : `${seconds(reopenMs.max)} (p50 ${seconds(reopenMs.p50)}, p95 ${seconds(reopenMs.p95)})`
  return [times, ...parts].join('; ')
}

function compared(others: StormRun[], text: (run: StormRun) => string): string {
  return others.length === 0 ? '—' : others.map((run) => `${run.kind}: ${text(run)}`).join('; ')
}

const ratioTo = (ours: number, other: number) => (other > 0 ? ` (ours ${(ours / other).toFixed(2)}×)` : '')

/** Four rows per (setup, N, outage): reopen time, peak, REST cost, delivery; fixed-delay runs in the comparison column. */
export function stormRows(runs: StormRun[]): BenchRow[] {
  const rows: BenchRow[] = []
  const groups = new Map<string, StormRun[]>()
  for (const run of runs) {
    const key = `${run.setup}|${run.clients}|${run.outageMs}`
    groups.set(key, [...(groups.get(key) ?? []), run])
  }
  for (const group of groups.values()) {
    const ours = group.find((run) => run.kind === OURS.name)
    if (!ours) continue
    const others = group.filter((run) => run !== ours)
    const fixed1s = group.find((run) => run.kind === VUEUSE.name)
    const { measure } = ours
    const where = `${ours.setup}, N = ${ours.clients.toLocaleString('en-US')}, down ${seconds(measure.downMs)}`
    const allBack = measure.reopened === measure.dropped && measure.reopenMs.max <= REOPEN_GOAL_MS
    rows.push({
      metric: `${where}: every client open again, after the server's return`,
      ours: reopenText(measure),
      baseline: compared(others, (run) => reopenText(run.measure)),
      goal: `≤ ${REOPEN_GOAL_MS / 1000} s`,
      verdict: allBack ? 'met' : 'missed',
    })
    rows.push({
      metric: `${where}: peak stream requests per 100 ms (answered; failed while down, per client)`,
      ours: `${measure.peakPer100Ms} (${fmt(measure.failedPerClient)} failed/client)`,
      baseline: compared(others, (run) => `${run.measure.peakPer100Ms}${ratioTo(measure.peakPer100Ms, run.measure.peakPer100Ms)} (${fmt(run.measure.failedPerClient)} failed/client)`),
      goal: fixed1s ? '≤ ½ the fixed-1 s peak' : '—',
      verdict: fixed1s ? (measure.peakPer100Ms <= fixed1s.measure.peakPer100Ms / 2 ? 'met' : 'missed') : 'info',
    })
    rows.push({
      metric: `${where}: REST requests per client after the drop (the reconcile, and the refresh each new alarm causes)`,
      ours: fmt(measure.restPerClient),
      baseline: compared(others, (run) => `${fmt(run.measure.restPerClient)} (no reconcile)`),
      goal: '—',
      verdict: 'info',
    })
    rows.push({
      metric: `${where}: alarms published during the outage (one per client)`,
      ours: `${deliveryText(measure.delivery)}; "new alarm" fired once for ${measure.delivery.notifiedOnce}`,
      baseline: compared(others, (run) => deliveryText(run.measure.delivery)),
      goal: 'every one, exactly once',
      verdict: deliveredExactlyOnce(measure.delivery) ? 'met' : 'missed',
    })
  }
  return rows
}

await runBench('storm', async ({ quick, log }) => {
  const small = quick ? 200 : 1_000
  const large = quick ? 0 : 5_000
  const outages = quick ? [2_000] : [1_000, 2_000, 3_000, 10_000]
  const loadBefore = loadavg()
  const unreadField = await supportsUnreadField()
  const oursUnread: KindEntry = { ...OURS, serverArgs: ['--list-unread-field'] }
  const runs: StormRun[] = []
  let firstUser = 1
  const next = (count: number) => {
    const start = firstUser
    firstUser += count
    return start
  }
  for (const entry of [OURS, NATIVE, VUEUSE]) runs.push(...(await stormsOnTestApi(entry, small, outages, next(small), log)))
  if (unreadField) {
    const unreadRuns = await stormsOnTestApi(oursUnread, small, [2_000], next(small), log)
    runs.push(...unreadRuns.map((run) => ({ ...run, setup: 'test API, list carries unread' })))
  }
  if (large > 0) {
    for (const entry of [OURS, NATIVE, VUEUSE]) runs.push(...(await stormsOnTestApi(entry, large, [2_000], next(large), log)))
  }
  const nchan = await stormsOnNchan(small, 2_000, next(small), log)
  runs.push(...nchan.runs)
  const kb = (bytes: number) => fmt(bytes / 1024, 'KB')
  const loadAfter = loadavg()
  const loadText = (load: number[]) => load.map((value) => value.toFixed(1)).join(' / ')

  return {
    title: 'Reconnect storm (Node clients, 2 cores)',
    rows: [
      ...stormRows(runs),
      {
        metric: `nchan setup, N = ${nchan.costs.clients.toLocaleString('en-US')}: memory per open stream`,
        ours: `nchan instance ${kb(nchan.costs.instanceBytesPerStream)}, load balancer ${kb(nchan.costs.loadBalancerBytesPerStream)}; Redis ${fmt(nchan.costs.redisBytesPerChannel, 'B')} per channel with one message, ${fmt(nchan.costs.redisBytesPerMessage, 'B')} per further message`,
        baseline: '—',
        goal: '—',
        verdict: 'info',
      },
    ],
    notes: [
      `Clients: ${WORKERS} worker processes; ours = pinia + createAlarms({ ssr: false, sharedConnection: false }) + useAlarmsStore per client, every retry and refresh setting left to the library's defaults; fixed 3 s = a native EventSource's retry with Last-Event-ID; fixed 1 s = vueuse's useEventSource autoReconnect (a new EventSource after 1 s, so no Last-Event-ID).`,
      'Test API: one process on a SQLite file, stopped with SIGTERM (its streams end) and started again on the same port (the next process is loaded beforehand, so a start takes milliseconds). The alarms "published during the outage" are written to that file by a second connection that pushes nothing (another instance or a batch job), so they can only come back by Last-Event-ID replay or by the REST reconcile. "down" = from the process exit to listening again.',
      'Times are from the server listening again to each client\'s first `open` (negative: before it, for nchan\'s surviving instance). Peak = most stream requests the server answered inside any 100 ms window, by the time each was sent; failed = requests refused while the server was down. REST = list and count requests the server got after the drop, per client: the reconcile after the reconnect (list + count) and the refresh that the replayed alarm schedules (list + count again).',
      `Machine load (1 / 5 / 15 min averages, other work included) at the start: ${loadText(loadBefore)}; at the end: ${loadText(loadAfter)}. The test API is one Node process doing all the work on a share of 2 cores: where clients queue behind it, reopen times grow with the load, not only with the backoff.`,
      `nchan: examples/nchan/ configs, 1 worker each, Redis shared; alarms published during the outage go through the test API's --publish-to; with both instances down they cannot reach nchan (the API retries for about 1.5 s, then gives up) and only the REST reconcile brings them. ${unreadField ? '' : 'The test API had no --list-unread-field, so the single-request refresh was not measured.'}`,
    ],
    raw: { runs, nchanCosts: nchan.costs, workers: WORKERS, loadBefore, loadAfter },
  }
})
