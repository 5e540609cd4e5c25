import type { StoredAlarm } from '../db'
import { isImmediate, parseFault, type Fault } from '../faults'
import { HttpError, isPositiveInteger, readJsonObject, requirePositiveInteger, requireString, sendEmpty, sendJson } from '../http'
import { defineRoute, type AppState, type RequestContext } from '../router'
import { springId } from '../sse'

const MAX_PUBLISH_COUNT = 10_000

/** Persists one alarm, then pushes it to the user's open streams. */
export function publishAlarm(app: AppState, input: { userId: number; type: string; content: string; url: string }): StoredAlarm {
  const eventId = springId(input.userId, app.clock.nextMillis())
  const stored = app.db.insertAlarm({ ...input, eventId }, new Date())
  app.hub.publish(stored)
  return stored
}

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
  if (count === 1) {
    sendJson(ctx.res, 201, publishAlarm(ctx.app, { userId, type, content, url }).alarm)
    return
  }
  const items = []
  for (let i = 1; i <= count; i++) {
    items.push(publishAlarm(ctx.app, { userId, type, content: `${content} #${i}`, url }).alarm)
  }
  sendJson(ctx.res, 201, { items })
}

function readStats(ctx: RequestContext): void {
  const { hub, stats } = ctx.app
  sendJson(ctx.res, 200, { openStreams: hub.openStreams(), totalOpenStreams: hub.size, ...stats.snapshot() })
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
    else app.tokens.expireAll()
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
