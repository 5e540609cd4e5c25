import { HttpError, readJsonObject, sendJson } from '../http'
import { defineRoute, type AppState, type RequestContext } from '../router'
import { requireUser } from './auth'

const CHANNELS = ['toast', 'sound', 'desktop']
type Preferences = Record<string, Record<string, boolean>>

/** Per server, per user: the switches the client last saved (kept in memory, like the replay cache). */
const stored = new WeakMap<AppState, Map<number, Preferences>>()

function preferencesOf(app: AppState): Map<number, Preferences> {
  let byUser = stored.get(app)
  if (!byUser) stored.set(app, (byUser = new Map()))
  return byUser
}

/** `{ TYPE: { toast?: boolean, sound?: boolean, desktop?: boolean } }`, nothing else. */
function validPreferences(body: Record<string, unknown>): Preferences {
  const result: Preferences = {}
  for (const [type, switches] of Object.entries(body)) {
    if (type === '' || type.length > 100) throw new HttpError(400, 'alarm types must be 1 to 100 characters')
    if (typeof switches !== 'object' || switches === null || Array.isArray(switches)) throw new HttpError(400, `"${type}" must be an object`)
    const kept: Record<string, boolean> = {}
    for (const [channel, on] of Object.entries(switches)) {
      if (!CHANNELS.includes(channel) || typeof on !== 'boolean') throw new HttpError(400, `"${type}.${channel}" must be toast, sound or desktop, true or false`)
      kept[channel] = on
    }
    result[type] = kept
  }
  return result
}

function read(ctx: RequestContext): void {
  const userId = requireUser(ctx)
  sendJson(ctx.res, 200, preferencesOf(ctx.app).get(userId) ?? {})
}

async function write(ctx: RequestContext): Promise<void> {
  const userId = requireUser(ctx)
  const preferences = validPreferences(await readJsonObject(ctx.req))
  preferencesOf(ctx.app).set(userId, preferences)
  sendJson(ctx.res, 200, preferences)
}

export const preferenceRoutes = [defineRoute('GET', '/api/alarms/preferences', read), defineRoute('PUT', '/api/alarms/preferences', write)]
