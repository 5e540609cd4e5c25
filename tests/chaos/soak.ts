import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import axios, { AxiosError } from 'axios'
import type { Fault } from '../../server/index'
import { spawnTestApi, type TestApiProcess } from '../helpers/server-process'
import { SHAPE_OPTIONS, serverView as readServer, type ApiShape } from '../helpers/shapes'
import { createTestApiClient, type TestApiClient, type TokenPair } from '../helpers/test-api-client'
import { mountAlarms, type MountedAlarms } from '../store/mount-alarms'
import { FakeDocument, inTab, installTabDocuments } from './page-visibility'
import { createRandom, type Random } from './random'

/*
 * The chaos soak: per run, a seeded schedule of the test API's fault switches, process restarts, token
 * expiry, hidden tabs and offline spells, while alarms are published at random for two users with
 * several stores each. At the end every store must equal the server's list for its user exactly.
 */

export interface SoakOptions {
  /** First seed; run i uses seed + i. */
  seed: number
  runs: number
  /** The test API's list and count shapes; the stores get the documented options for it. @default 'spring' */
  shape?: ApiShape
  /** Called after every run. */
  onRun?: (result: RunResult) => void
}

export interface RunResult {
  seed: number
  shape: ApiShape
  ok: boolean
  faults: number
  /** Server alarms compared against a store (summed over stores). */
  alarmsChecked: number
  /** Server alarms missing from a store. */
  lost: number
  /** Store items whose id appears more than once. */
  duplicated: number
  /** What went wrong, one line each. */
  problems: string[]
  /** The schedule that ran, for the failure report. */
  schedule: string[]
  /** Stream requests the server answered (since the last process start), by status: proof the faults bit. */
  subscribes: Record<string, number>
  /** Milliseconds per phase: connect, chaos, settle, close. */
  phases: Record<string, number>
  durationMs: number
}

export interface SoakSummary {
  runs: number
  failed: RunResult[]
  faults: number
  alarmsChecked: number
  lost: number
  duplicated: number
  durationMs: number
}

/** The one command that replays a run. */
export const replayCommand = (seed: number, shape: ApiShape = 'spring') =>
  `npm run soak -- --runs 1 --seed ${seed}${shape === 'spring' ? '' : ` --shape ${shape}`}`

/** Reconnect timing short enough for many runs; the quiet window after close must exceed `maxMs`. */
const STREAM_RETRY = { minMs: 20, initialMs: 40, maxMs: 150 }
const QUIET_AFTER_CLOSE_MS = 350
const PAGE_SIZE = 50
/** Keeps every user's list within one page, so another device's removals always reach a store's list. */
const MAX_ALARMS_PER_USER = 40
// A blackhole is noticed after 3× the longest heartbeat gap seen, and gaps stretch on a loaded machine.
const CONVERGE_TIMEOUT_MS = 25_000
/** Steps per run; fixed, so a seed alone replays a run. */
const MIN_STEPS = 8
const MAX_STEPS = 16
/** A restart costs about a second, so not every run has one. */
const RESTART_CHANCE = 0.25

/** Heartbeats let the watchdog notice a blackholed stream (the server keeps the socket and says nothing). */
const HEARTBEAT_MS = 1000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type StreamFaultName = 'cut' | 'expireTokens' | '503' | '429' | '401' | 'wrong-content-type' | 'junk' | 'resend' | 'ids' | 'retry' | 'split' | 'slow-first-byte'

type Step =
  | { kind: 'publish'; user: number; count: number }
  /** Spread in time the way Spring writes (one insert and one write each, maybe in split writes), not awaited. */
  | { kind: 'burst'; user: number; count: number; intervalMs: number; slow: boolean }
  | { kind: 'blackhole' }
  | { kind: 'fault'; name: StreamFaultName | 'drop'; faults: Fault[]; drop: boolean }
  | { kind: 'restart' }
  | { kind: 'hidden' | 'offline'; client: number; ms: number }
  | { kind: 'mutate'; client: number; action: 'read' | 'remove' | 'read-all'; pick: number }

interface Plan {
  clientsPerUser: [number, number]
  steps: Array<{ step: Step; gapMs: number }>
}

function streamFault(random: Random): { name: StreamFaultName; faults: Fault[]; drop: boolean } {
  const count = random.int(1, 3)
  const name = random.pick<StreamFaultName>([
    'cut',
    'expireTokens',
    '503',
    '429',
    '401',
    'wrong-content-type',
    'junk',
    'resend',
    'ids',
    'retry',
    'split',
    'slow-first-byte',
  ])
  switch (name) {
    case 'cut':
      return { name, faults: [{ type: 'cut', count }], drop: true }
    case 'expireTokens':
      return { name, faults: [{ type: 'expireTokens' }], drop: random.chance(0.5) }
    case '503':
      return { name, faults: [{ type: 'status', status: 503, retryAfter: random.pick([0, 1]), count }], drop: true }
    case '429':
      return { name, faults: [{ type: 'status', status: 429, retryAfter: 1, count }], drop: true }
    case '401':
      return { name, faults: [{ type: 'status', status: 401, count: 1 }], drop: true }
    case 'wrong-content-type':
      return { name, faults: [{ type: 'status', status: 200, contentType: random.pick(['application/json', 'text/html']), count }], drop: true }
    case 'junk':
      return { name, faults: [{ type: 'junk', count }], drop: true }
    case 'resend':
      return { name, faults: [{ type: 'resend', count }], drop: true }
    case 'ids':
      return { name, faults: [{ type: 'ids', format: random.pick(['nul', 'korean', 'emoji', 'spring'] as const), count }], drop: true }
    case 'retry':
      return { name, faults: [{ type: 'retry', value: random.pick(['0', '-1', 'junk'] as const), count }], drop: true }
    case 'split':
      return { name, faults: [{ type: 'split', mode: random.pick(['byte', 'random'] as const), count: 1 }], drop: true }
    case 'slow-first-byte':
      return { name, faults: [{ type: 'delay', ms: random.int(50, 300), count: random.int(1, 2) }], drop: true }
  }
}

/** The whole schedule of a run comes from its seed, before anything runs, so timing cannot change it. */
export function planRun(seed: number): Plan {
  const random = createRandom(seed)
  const clientsPerUser: [number, number] = [random.int(2, 3), random.int(2, 3)]
  const clientCount = clientsPerUser[0] + clientsPerUser[1]
  const stepCount = random.int(MIN_STEPS, MAX_STEPS)
  const restartAt = random.chance(RESTART_CHANCE) ? random.int(1, stepCount - 2) : -1
  const steps: Plan['steps'] = []
  for (let index = 0; index < stepCount; index++) {
    const gapMs = random.int(5, 60)
    if (index === restartAt) {
      steps.push({ step: { kind: 'restart' }, gapMs })
      continue
    }
    const kind = random.weighted([
      [4, 'publish'],
      [2, 'burst'],
      [4, 'fault'],
      [1, 'drop'],
      [0.5, 'blackhole'],
      [1, 'hidden'],
      [1, 'offline'],
      [1.5, 'mutate'],
    ] as const)
    let step: Step
    if (kind === 'publish') step = { kind, user: random.int(0, 1), count: random.int(1, 3) }
    else if (kind === 'burst') step = { kind, user: random.int(0, 1), count: random.int(3, 8), intervalMs: random.int(2, 12), slow: random.chance(0.3) }
    else if (kind === 'blackhole') step = { kind }
    else if (kind === 'fault') step = { kind, ...streamFault(random) }
    else if (kind === 'drop') step = { kind: 'fault', name: 'drop', faults: [], drop: true }
    else if (kind === 'hidden' || kind === 'offline') step = { kind, client: random.int(0, clientCount - 1), ms: random.int(50, 400) }
    else step = { kind, client: random.int(0, clientCount - 1), action: random.weighted([[4, 'read'], [2, 'remove'], [1, 'read-all']] as const), pick: random.int(0, 1000) }
    steps.push({ step, gapMs })
  }
  return { clientsPerUser, steps }
}

function describeStep(step: Step): string {
  switch (step.kind) {
    case 'publish':
      return `publish user${step.user} ×${step.count}`
    case 'burst':
      return `burst user${step.user} ×${step.count} every ${step.intervalMs}ms${step.slow ? ' in split writes' : ''}`
    case 'blackhole':
      return 'blackhole open streams'
    case 'fault':
      return `${step.name}${step.faults.length ? ` ${JSON.stringify(step.faults)}` : ''}${step.drop && step.name !== 'drop' ? ' +drop' : ''}`
    case 'restart':
      return 'restart server process'
    case 'hidden':
    case 'offline':
      return `${step.kind} client${step.client} ${step.ms}ms`
    case 'mutate':
      return `${step.action} on client${step.client} (pick ${step.pick})`
  }
}

/** One simulated device or tab: its own sign-in, store, page visibility and network. */
interface SoakClient {
  index: number
  userId: number
  session: TokenPair
  doc: FakeDocument
  mounted: MountedAlarms
  /** Ids in the order `onNewAlarm` announced them. */
  announced: string[]
  offline: boolean
  /** Aborted when the client goes offline: what is in flight dies with the network. */
  network: AbortController
  closed: boolean
  toggles: Set<ReturnType<typeof setTimeout>>
}

export interface SoakEnvironment {
  shape: ApiShape
  server: TestApiProcess
  api: TestApiClient
  nextUserId: number
  close(): Promise<void>
}

/** Spawns the test API as a real process (so it can be restarted) on a fresh database file. */
export async function startSoakEnvironment(shape: ApiShape = 'spring'): Promise<SoakEnvironment> {
  const dir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-soak-'))
  const server = await spawnTestApi({ dbFile: join(dir, 'alarms.db'), args: ['--heartbeat-ms', String(HEARTBEAT_MS), '--shape', shape] })
  const restoreDocument = installTabDocuments()
  return {
    shape,
    server,
    api: createTestApiClient(server.url),
    nextUserId: 1,
    async close() {
      restoreDocument()
      await server.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function createClient(env: SoakEnvironment, index: number, userId: number, session: TokenPair): SoakClient {
  const baseURL = `${env.server.url}/api`
  const client = {
    index,
    userId,
    session,
    doc: new FakeDocument(),
    announced: [],
    offline: false,
    network: new AbortController(),
    closed: false,
    toggles: new Set(),
  } as Omit<SoakClient, 'mounted'> as SoakClient

  const http = axios.create({ baseURL })
  http.interceptors.request.use((config) => {
    if (client.offline) throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config)
    config.signal = client.network.signal
    return config
  })
  const fetchOverNetwork: typeof fetch = (input, init) => {
    if (client.offline) return Promise.reject(new TypeError('fetch failed'))
    const signal = init?.signal ? AbortSignal.any([init.signal, client.network.signal]) : client.network.signal
    return fetch(input, { ...init, signal })
  }
  /** Refresh like an app should: a refused refresh token is final, a network failure is retried for a while. */
  const refreshToken = async (): Promise<boolean> => {
    const deadline = Date.now() + 5_000
    while (!client.closed && Date.now() < deadline) {
      if (!client.offline) {
        try {
          Object.assign(client.session, await env.api.refresh(client.session.refreshToken))
          return true
        } catch (error) {
          // Refused (4xx) is final; a server going down or restarting (5xx, no answer) is worth another try.
          if (/refresh answered 4\d\d/.test(String(error))) return false
        }
      }
      await sleep(50)
    }
    return false
  }

  client.mounted = inTab(client.doc, () =>
    mountAlarms({
      baseURL,
      axios: http,
      getToken: () => client.session.accessToken,
      refreshToken,
      onNewAlarm: (alarm) => client.announced.push(String(alarm.id)),
      pageSize: PAGE_SIZE,
      refreshDebounceMs: 20,
      sharedConnection: false,
      stream: { retry: STREAM_RETRY, openWhenHidden: false, fetch: fetchOverNetwork },
      ...SHAPE_OPTIONS[env.shape],
    }),
  )
  return client
}

function setOffline(client: SoakClient, offline: boolean): void {
  if (client.offline === offline) return
  client.offline = offline
  if (offline) client.network.abort(new TypeError('network down'))
  else client.network = new AbortController()
}

function setHidden(client: SoakClient, hidden: boolean): void {
  inTab(client.doc, () => client.doc.setHidden(hidden))
}

function toggleFor(client: SoakClient, kind: 'hidden' | 'offline', ms: number): void {
  const apply = kind === 'hidden' ? setHidden : setOffline
  apply(client, true)
  const timer = setTimeout(() => {
    client.toggles.delete(timer)
    apply(client, false)
  }, ms)
  client.toggles.add(timer)
}

export interface ServerView {
  /** Newest first, as the REST list answers. */
  ids: string[]
  readById: Map<string, boolean>
  unread: number
}

async function serverView(env: SoakEnvironment, userId: number): Promise<ServerView> {
  const { accessToken } = await env.api.login(userId)
  const { items, unread } = await readServer(env.server.url, env.shape, accessToken)
  return {
    ids: items.map((alarm) => String(alarm.id)),
    readById: new Map(items.map((alarm) => [String(alarm.id), alarm.isRead])),
    unread,
  }
}

/** What the check reads from a store. */
export interface StoreView {
  status: string
  items: ReadonlyArray<{ id: number | string; isRead: boolean }>
  unreadCount: number
  error?: { code: string; message: string } | null
}

export interface Comparison {
  problems: string[]
  lost: number
  duplicated: number
}

/** A store against the server's list: same ids in the same order, same read flags, same unread count, open. */
export function compareWithServer(name: string, store: StoreView, server: ServerView): Comparison {
  const ids = store.items.map((alarm) => String(alarm.id))
  const held = new Set(ids)
  const lost = server.ids.filter((id) => !held.has(id))
  const duplicated = ids.length - held.size
  const extra = [...held].filter((id) => !server.readById.has(id))
  const wrongRead = store.items.filter((alarm) => {
    const read = server.readById.get(String(alarm.id))
    return read !== undefined && read !== alarm.isRead
  })
  const problems: string[] = []
  if (store.status !== 'open') problems.push(`${name}: status ${store.status}${store.error ? ` (${store.error.code}: ${store.error.message})` : ''}`)
  if (lost.length) problems.push(`${name}: lost ${lost.length} [${lost.join(', ')}]`)
  if (duplicated) problems.push(`${name}: ${duplicated} duplicated`)
  if (extra.length) problems.push(`${name}: holds ${extra.length} the server does not [${extra.join(', ')}]`)
  if (!lost.length && !extra.length && !duplicated && ids.join() !== server.ids.join()) problems.push(`${name}: order differs from the server's`)
  if (wrongRead.length) problems.push(`${name}: isRead differs for [${wrongRead.map((alarm) => alarm.id).join(', ')}]`)
  if (store.unreadCount !== server.unread) problems.push(`${name}: unreadCount ${store.unreadCount}, server ${server.unread}`)
  return { problems, lost: lost.length, duplicated }
}

/** onNewAlarm: never twice for one alarm, and once for every alarm the server holds (every user starts empty). */
function checkAnnounced(client: SoakClient, server: ServerView): string[] {
  const name = `client${client.index} (user ${client.userId})`
  const counts = new Map<string, number>()
  for (const id of client.announced) counts.set(id, (counts.get(id) ?? 0) + 1)
  const twice = [...counts].filter(([, count]) => count > 1).map(([id]) => id)
  const never = server.ids.filter((id) => !counts.has(id))
  return [
    ...(twice.length ? [`${name}: onNewAlarm more than once for [${twice.join(', ')}]`] : []),
    ...(never.length ? [`${name}: onNewAlarm never called for [${never.join(', ')}]`] : []),
  ]
}

const compare = (client: SoakClient, server: ServerView): Comparison =>
  compareWithServer(`client${client.index} (user ${client.userId})`, client.mounted.store, server)

async function runStep(env: SoakEnvironment, clients: SoakClient[], users: number[], step: Step, published: number[], mutations: Promise<unknown>[]): Promise<void> {
  switch (step.kind) {
    case 'burst': {
      const count = Math.min(step.count, MAX_ALARMS_PER_USER - published[step.user]!)
      if (count <= 0) return
      published[step.user]! += count
      const { intervalMs, slow } = step
      // Runs on while the next steps (faults, mutations, restarts) happen.
      mutations.push(env.api.publishMany(users[step.user]!, { content: 'spread', count, intervalMs, slow }).catch(() => {}))
      return
    }
    case 'blackhole':
      // A NAT or proxy silently drops a connection that has been up a while; by then the watchdog has learnt the
      // heartbeat interval (it needs two beats, and beats run late on a loaded machine). A blackhole before any
      // connection of the stream saw two beats stays a known gap: nothing can tell that silence from a quiet server.
      await sleep(3.5 * HEARTBEAT_MS)
      await env.api.blackhole()
      return
    case 'publish': {
      const user = users[step.user]!
      const room = MAX_ALARMS_PER_USER - published[step.user]!
      const count = Math.min(step.count, room)
      if (count <= 0) return
      published[step.user]! += count
      await env.api.publishMany(user, { content: `알림 <b>${published[step.user]}</b> 🔔`, url: '/posts/1', count })
      return
    }
    case 'fault':
      if (step.faults.length) await env.api.fault(step.faults)
      if (step.drop) await env.api.fault({ type: 'drop' })
      return
    case 'restart':
      await env.server.restart()
      return
    case 'hidden':
    case 'offline': {
      const client = clients[step.client]!
      if (step.kind === 'hidden' ? client.doc.hidden : client.offline) return
      toggleFor(client, step.kind, step.ms)
      return
    }
    case 'mutate': {
      const { store } = clients[step.client]!.mounted
      if (step.action === 'read-all') {
        mutations.push(store.markAllRead())
        return
      }
      const candidates = step.action === 'read' ? store.items.filter((alarm) => !alarm.isRead) : store.items
      const target = candidates[step.pick % Math.max(1, candidates.length)]
      if (!target) return
      mutations.push(step.action === 'read' ? store.markRead(target.id) : store.remove(target.id))
    }
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await sleep(25)
  }
}

/** One run: plan, connect, chaos, settle, compare, close, and check that nothing is left behind. */
export async function runOnce(env: SoakEnvironment, seed: number): Promise<RunResult> {
  const startedAt = performance.now()
  const plan = planRun(seed)
  const schedule = plan.steps.map(({ step, gapMs }) => `+${gapMs}ms ${describeStep(step)}`)
  const result: RunResult = { seed, shape: env.shape, ok: false, faults: 0, alarmsChecked: 0, lost: 0, duplicated: 0, problems: [], schedule, subscribes: {}, phases: {}, durationMs: 0 }
  const users = [env.nextUserId++, env.nextUserId++]
  const clients: SoakClient[] = []
  const mutations: Promise<unknown>[] = []
  const published = [0, 0]

  let phaseStart = performance.now()
  const phase = (name: string) => {
    const now = performance.now()
    result.phases[name] = Math.round(now - phaseStart)
    phaseStart = now
  }

  try {
    await env.api.resetFaults()
    await env.api.resetStats()
    for (const [userIndex, count] of plan.clientsPerUser.entries()) {
      for (let i = 0; i < count; i++) {
        const userId = users[userIndex]!
        clients.push(createClient(env, clients.length, userId, { ...(await env.api.login(userId)) }))
      }
    }
    const allOpen = await waitFor(() => clients.every((client) => client.mounted.store.status === 'open' && !client.mounted.store.loading), 5_000)
    if (!allOpen) result.problems.push(`not every store opened: ${clients.map((client) => client.mounted.store.status).join(', ')}`)
    phase('connect')

    for (const { step, gapMs } of plan.steps) {
      await sleep(gapMs)
      if (step.kind === 'fault' || step.kind === 'blackhole' || step.kind === 'restart' || step.kind === 'hidden' || step.kind === 'offline') result.faults++
      await runStep(env, clients, users, step, published, mutations)
    }

    phase('chaos')
    // Settle: the network comes back, tabs show, switches reset, mutations answer, then one last alarm per
    // user proves the live path works and makes every store reconcile once more.
    for (const client of clients) {
      for (const timer of client.toggles) clearTimeout(timer)
      client.toggles.clear()
      setOffline(client, false)
      setHidden(client, false)
    }
    await env.api.resetFaults()
    await Promise.allSettled(mutations)
    for (const userId of users) await env.api.publish(userId, { content: 'last alarm of the run', url: '/done' })
    const views = await Promise.all(users.map((userId) => serverView(env, userId)))
    const viewOf = (client: SoakClient) => views[users.indexOf(client.userId)]!
    await waitFor(() => clients.every((client) => compare(client, viewOf(client)).problems.length === 0), CONVERGE_TIMEOUT_MS)
    for (const client of clients) {
      const comparison = compare(client, viewOf(client))
      comparison.problems.push(...checkAnnounced(client, viewOf(client)))
      result.alarmsChecked += viewOf(client).ids.length
      result.lost += comparison.lost
      result.duplicated += comparison.duplicated
      result.problems.push(...comparison.problems)
    }
    for (const entry of (await env.api.stats()).requestLog) {
      if (entry.path.startsWith('/api/subscribe')) result.subscribes[entry.status] = (result.subscribes[entry.status] ?? 0) + 1
    }
    phase('settle')
  } catch (error) {
    result.problems.push(`run crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    await closeClients(env, clients, createRandom(seed ^ 0x5eed), result.problems)
    phase('close')
  }
  result.ok = result.problems.length === 0
  result.durationMs = Math.round(performance.now() - startedAt)
  return result
}

/** Closes every client the ways an app does, then checks the server: no stream open, no request after close. */
async function closeClients(env: SoakEnvironment, clients: SoakClient[], random: Random, problems: string[]): Promise<void> {
  for (const client of clients) {
    for (const timer of client.toggles) clearTimeout(timer)
    const way = random.pick(['disconnect', 'dispose', 'unmount'] as const)
    if (way === 'disconnect') client.mounted.store.disconnect()
    else if (way === 'dispose') client.mounted.store.$dispose()
    client.mounted.unmount()
    client.closed = true
  }
  const describe = (entries: Array<{ method: string; path: string; userId: number | null; status: number }>) =>
    entries.map((entry) => `${entry.method} ${entry.path} (user ${entry.userId}) → ${entry.status}`).join('; ')
  try {
    const noStreams = await waitFor(async () => (await env.api.stats()).totalOpenStreams === 0, 3_000)
    if (!noStreams) problems.push(`streams left open after close: ${JSON.stringify((await env.api.stats()).openStreams)}`)
    await env.api.resetStats()
    await sleep(QUIET_AFTER_CLOSE_MS)
    const first = (await env.api.stats()).requestLog
    // The server logs a request when its handler returns: a stream request the client aborted during a
    // `delay` fault is logged after that delay. So stream requests count only if more come (a retry loop)
    // or one stays open; anything else in this window was sent after close.
    const isStream = (entry: { path: string }) => entry.path.startsWith('/api/subscribe')
    const lateRest = first.filter((entry) => !isStream(entry))
    if (lateRest.length) problems.push(`requests after close: ${describe(lateRest)}`)
    if (first.some(isStream)) {
      await env.api.resetStats()
      await sleep(QUIET_AFTER_CLOSE_MS)
      const second = (await env.api.stats()).requestLog
      if (second.length) problems.push(`requests after close: ${describe(second)}`)
    }
    const { totalOpenStreams, openStreams } = await env.api.stats()
    if (noStreams && totalOpenStreams !== 0) problems.push(`a stream opened after close: ${JSON.stringify(openStreams)}`)
  } catch (error) {
    problems.push(`could not check the server after close: ${String(error)}`)
  }
}

/** Runs `runs` seeded runs on one spawned server; never throws for a failing run (see `failed`). */
export async function runSoak(options: SoakOptions): Promise<SoakSummary> {
  const startedAt = performance.now()
  const env = await startSoakEnvironment(options.shape)
  const summary: SoakSummary = { runs: 0, failed: [], faults: 0, alarmsChecked: 0, lost: 0, duplicated: 0, durationMs: 0 }
  try {
    for (let index = 0; index < options.runs; index++) {
      const result = await runOnce(env, options.seed + index)
      summary.runs++
      summary.faults += result.faults
      summary.alarmsChecked += result.alarmsChecked
      summary.lost += result.lost
      summary.duplicated += result.duplicated
      if (!result.ok) summary.failed.push(result)
      options.onRun?.(result)
    }
  } finally {
    await env.close()
  }
  summary.durationMs = Math.round(performance.now() - startedAt)
  return summary
}

export function formatSummary(summary: SoakSummary): string {
  return (
    `soak: ${summary.runs} runs, ${summary.faults} faults injected, ${summary.alarmsChecked} alarms checked, ` +
    `${summary.lost} lost, ${summary.duplicated} duplicated, ${summary.failed.length} failed runs, ${(summary.durationMs / 1000).toFixed(1)} s`
  )
}

export function formatFailure(result: RunResult): string {
  return [
    `run with seed ${result.seed} (${result.shape} shape) failed (${result.durationMs} ms):`,
    ...result.problems.map((problem) => `  - ${problem}`),
    '  schedule:',
    ...result.schedule.map((line) => `    ${line}`),
    `  replay: ${replayCommand(result.seed, result.shape)}`,
  ].join('\n')
}
