import { HttpError, isPositiveInteger } from './http'

export type IdFormat = 'spring' | 'nul' | 'korean' | 'emoji'
export type SplitMode = 'byte' | 'random'
export type RetryValue = '0' | '-1' | 'junk'

/**
 * A fault switch as posted to `POST /api/test/faults`. `count`: next N subscribe requests; omitted = until reset.
 * `drop`, `blackhole`, `expireTokens` and `reset` act at once on what exists now.
 */
export type Fault =
  | { type: 'status'; status: number; contentType?: string; retryAfter?: number; count?: number }
  | { type: 'drop' }
  | { type: 'blackhole' }
  | { type: 'expireTokens' }
  | { type: 'cut'; count?: number }
  | { type: 'split'; mode: SplitMode; count?: number }
  | { type: 'junk'; count?: number }
  | { type: 'resend'; count?: number }
  | { type: 'ids'; format: IdFormat; count?: number }
  | { type: 'retry'; value: RetryValue; count?: number }
  | { type: 'delay'; ms: number; count?: number }
  | { type: 'reset' }

export type ImmediateFault = Extract<Fault, { type: 'drop' | 'blackhole' | 'expireTokens' | 'reset' }>
export type StreamFault = Exclude<Fault, ImmediateFault>

/** What one subscribe request should do, merged from the active faults. */
export interface SubscribePlan {
  status?: { status: number; contentType?: string; retryAfter?: number }
  delayMs: number
  cut: boolean
  split?: SplitMode
  junk: boolean
  resend: boolean
  idFormat: IdFormat
  retry?: RetryValue
}

const STATUSES = new Set([200, 204, 401, 403, 404, 429, 500, 503])

function optionalCount(raw: Record<string, unknown>): number | undefined {
  if (raw.count === undefined || raw.count === null) return undefined
  if (!isPositiveInteger(raw.count)) throw new HttpError(400, '"count" must be a positive integer')
  return raw.count
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new HttpError(400, `"${name}" must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** Validates one posted fault; 400 on anything unknown. */
export function parseFault(value: unknown): Fault {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'a fault must be an object')
  const raw = value as Record<string, unknown>
  switch (raw.type) {
    case 'status': {
      if (typeof raw.status !== 'number' || !STATUSES.has(raw.status)) {
        throw new HttpError(400, `"status" must be one of ${[...STATUSES].join(', ')}`)
      }
      if (raw.contentType !== undefined && typeof raw.contentType !== 'string') throw new HttpError(400, '"contentType" must be a string')
      if (raw.retryAfter !== undefined && (typeof raw.retryAfter !== 'number' || raw.retryAfter < 0)) {
        throw new HttpError(400, '"retryAfter" must be a non-negative number of seconds')
      }
      return { type: 'status', status: raw.status, contentType: raw.contentType, retryAfter: raw.retryAfter, count: optionalCount(raw) }
    }
    case 'drop':
    case 'blackhole':
    case 'expireTokens':
    case 'reset':
      return { type: raw.type }
    case 'cut':
    case 'junk':
    case 'resend':
      return { type: raw.type, count: optionalCount(raw) }
    case 'split':
      return { type: 'split', mode: oneOf(raw.mode, ['byte', 'random'] as const, 'mode'), count: optionalCount(raw) }
    case 'ids':
      return { type: 'ids', format: oneOf(raw.format, ['spring', 'nul', 'korean', 'emoji'] as const, 'format'), count: optionalCount(raw) }
    case 'retry':
      return { type: 'retry', value: oneOf(raw.value, ['0', '-1', 'junk'] as const, 'value'), count: optionalCount(raw) }
    case 'delay':
      if (typeof raw.ms !== 'number' || raw.ms < 0 || raw.ms > 600_000) throw new HttpError(400, '"ms" must be 0..600000')
      return { type: 'delay', ms: raw.ms, count: optionalCount(raw) }
    default:
      throw new HttpError(400, 'unknown fault type')
  }
}

export function isImmediate(fault: Fault): fault is ImmediateFault {
  return fault.type === 'drop' || fault.type === 'blackhole' || fault.type === 'expireTokens' || fault.type === 'reset'
}

interface ActiveFault {
  fault: StreamFault
  /** Subscribe requests left; undefined = until reset. */
  remaining: number | undefined
}

/** Active fault switches, consumed by subscribe requests. */
export function createFaults() {
  let active: ActiveFault[] = []

  return {
    add(fault: StreamFault): void {
      active.push({ fault, remaining: fault.count })
    },
    reset(): void {
      active = []
    },
    list(): Array<StreamFault & { remaining: number | null }> {
      return active.map(({ fault, remaining }) => ({ ...fault, remaining: remaining ?? null }))
    },
    /** Merges the active faults into a plan for one subscribe request and uses up one of each count. */
    takePlan(): SubscribePlan {
      const plan: SubscribePlan = { delayMs: 0, cut: false, junk: false, resend: false, idFormat: 'spring' }
      for (const entry of active) {
        const fault = entry.fault
        switch (fault.type) {
          case 'status':
            plan.status ??= { status: fault.status, contentType: fault.contentType, retryAfter: fault.retryAfter }
            break
          case 'delay':
            plan.delayMs += fault.ms
            break
          case 'cut':
            plan.cut = true
            break
          case 'split':
            plan.split = fault.mode
            break
          case 'junk':
            plan.junk = true
            break
          case 'resend':
            plan.resend = true
            break
          case 'ids':
            plan.idFormat = fault.format
            break
          case 'retry':
            plan.retry = fault.value
            break
        }
        if (entry.remaining !== undefined) entry.remaining -= 1
      }
      active = active.filter((entry) => entry.remaining === undefined || entry.remaining > 0)
      return plan
    },
  }
}

export type Faults = ReturnType<typeof createFaults>
