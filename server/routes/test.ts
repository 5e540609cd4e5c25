import { setTimeout as delay } from 'node:timers/promises'
import type { AlarmRecord, StoredAlarm } from '../db'
import { isImmediate, parseFault, type Fault } from '../faults'
import { HttpError, isPositiveInteger, readJsonObject, requirePositiveInteger, requireString, sendEmpty, sendJson } from '../http'
import { defineRoute, type AppState, type RequestContext } from '../router'
import { springId, type WriteOptions } from '../sse'

const MAX_PUBLISH_COUNT = 10_000
const MAX_INTERVAL_MS = 10_000
const MAX_PUBLISH_DURATION_MS = 10 * 60 * 1000

/**
 * Persists one alarm, then pushes it to the user's open streams. A slow publish resolves once its lines are
 * written, as Spring's `emitter.send` returns only after flushing; otherwise once queued.
 */
export async function publishAlarm(
  app: AppState,
  input: { userId: number; type: string; content: string; url: string },
  options: WriteOptions = {},
): Promise<StoredAlarm> {
  const eventId = springId(input.userId, app.clock.nextMillis())
  const stored = app.db.insertAlarm({ ...input, eventId }, new Date())
  const written = app.hub.publish(stored, options)
  if (options.slow) await written
  return stored
}

function publishTiming(body: Record<string, unknown>, count: number): { intervalMs: number; slow: boolean } {
  const intervalMs = body.intervalMs ?? 0
  if (typeof intervalMs !== 'number' || !Number.isSafeInteger(intervalMs) || intervalMs < 0 || intervalMs > MAX_INTERVAL_MS) {
    throw new HttpError(400, `"intervalMs" must be an integer between 0 and ${MAX_INTERVAL_MS}`)
  }
  if ((count - 1) * intervalMs > MAX_PUBLISH_DURATION_MS) throw new HttpError(400, 'count × intervalMs must stay under 10 minutes')
  const slow = body.slow ?? false
  if (typeof slow !== 'boolean') throw new HttpError(400, '"slow" must be a boolean')
  return { intervalMs, slow }
}

/** Sleeps between timed publishes; false when the server is closing and publishing should stop. */
async function waitInterval(app: AppState, ms: number): Promise<boolean> {
  if (ms === 0) return !app.closing.aborted
  try {
    await delay(ms, undefined, { signal: app.closing })
    return true
  } catch {
    return false
  }
}

/**
 * `count` alarms, content suffixed ` #i`. With `intervalMs` one is inserted and sent every interval, as a Spring
 * service does one insert and send at a time; the response waits until all are published.
 */
async function publish(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx.req)
  const userId = requirePositiveInteger(body, 'userId')
  const type = requireString(body, 'type', 'COMMENT')
  const content = requireString(body, 'content')
  const url = requireString(body, 'url', '')
  const count = body.count ?? 1
  if (!isPositiveInteger(count) || count > MAX_PUBLISH_COUNT) {
    throw new HttpError(400, `"count" must be an integer between 1 and ${MAX_PUBLISH_COUNT}`)
  }
  const { intervalMs, slow } = publishTiming(body, count)
  const { app } = ctx
  if (count === 1) {
    sendJson(ctx.res, 201, (await publishAlarm(app, { userId, type, content, url }, { slow })).alarm)
    return
  }
  const items: AlarmRecord[] = []
  for (let i = 1; i <= count; i++) {
    if (i > 1 && !(await waitInterval(app, intervalMs))) break
    items.push((await publishAlarm(app, { userId, type, content: `${content} #${i}`, url }, { slow })).alarm)
  }
  sendJson(ctx.res, 201, { items })
}

function readStats(ctx: RequestContext): void {
  const { hub, stats } = ctx.app
  sendJson(ctx.res, 200, { openStreams: hub.openStreams(), totalOpenStreams: hub.size, blackholedStreams: hub.blackholedSize, ...stats.snapshot() })
}

function resetStats(ctx: RequestContext): void {
  ctx.app.stats.reset()
  sendEmpty(ctx.res, 204)
}

async function postFaults(ctx: RequestContext): Promise<void> {
  const body = await readJsonObject(ctx.req)
  const raw: unknown[] = Array.isArray(body.faults) ? body.faults : [body]
  // Validate all first, so a bad entry leaves the switches untouched.
  const faults: Fault[] = raw.map(parseFault)
  const { app } = ctx
  for (const fault of faults) {
    if (!isImmediate(fault)) app.faults.add(fault)
    else if (fault.type === 'reset') app.faults.reset()
    else if (fault.type === 'drop') app.hub.dropAll()
    else if (fault.type === 'blackhole') app.hub.blackholeAll()
    else {
      app.tokens.expireAll()
      app.sessions.endAll()
    }
  }
  sendJson(ctx.res, 200, { active: app.faults.list() })
}

/** Only mounted with `testRoutes`; no auth, and not counted in stats. */
export const testRoutes = [
  defineRoute('POST', '/api/test/publish', publish),
  defineRoute('GET', '/api/test/stats', readStats),
  defineRoute('DELETE', '/api/test/stats', resetStats),
  defineRoute('POST', '/api/test/faults', postFaults),
]
