import type { CreateAlarmsOptions } from './options'

const FUNCTION_OPTIONS = ['getToken', 'authHeaders', 'refreshToken', 'isHandshake', 'parseAlarm', 'parsePage', 'parseCount', 'onNewAlarm', 'onAlarm', 'onUnauthorized', 'userKey'] as const
const BOOLEAN_OPTIONS = ['sharedConnection', 'autoConnect', 'ssr'] as const
const ENDPOINT_STRINGS = ['subscribe', 'list', 'count', 'readAll'] as const
const ENDPOINT_FUNCTIONS = ['read', 'unread', 'remove'] as const
const CREDENTIALS = ['same-origin', 'include', 'omit']
const DURATIONS = ['refreshDebounceMs', 'refreshMaxWaitMs', 'reconcileJitterMs'] as const

function fail(option: string, expected: string): never {
  throw new TypeError(`createAlarms: \`${option}\` must be ${expected}`)
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

export function validateOptions(options: CreateAlarmsOptions): void {
  if (typeof options !== 'object' || options === null) fail('options', 'an object')
  for (const name of FUNCTION_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') fail(name, 'a function')
  }
  for (const name of BOOLEAN_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') fail(name, 'a boolean')
  }
  if (options.baseURL !== undefined && typeof options.baseURL !== 'string') fail('baseURL', 'a string')
  if (options.axios !== undefined && typeof options.axios?.request !== 'function') fail('axios', 'an axios instance')
  const { endpoints } = options
  if (endpoints !== undefined) {
    if (typeof endpoints !== 'object' || endpoints === null) fail('endpoints', 'an object')
    for (const key of Object.keys(endpoints)) {
      const value = (endpoints as Record<string, unknown>)[key]
      if ((ENDPOINT_STRINGS as readonly string[]).includes(key)) {
        if (value !== undefined && (typeof value !== 'string' || value === '')) fail(`endpoints.${key}`, 'a non-empty string')
      } else if ((ENDPOINT_FUNCTIONS as readonly string[]).includes(key)) {
        if (value !== undefined && typeof value !== 'function') fail(`endpoints.${key}`, 'a function of the alarm id')
      } else {
        fail(`endpoints.${key}`, `one of ${[...ENDPOINT_STRINGS, ...ENDPOINT_FUNCTIONS].join(', ')} (unknown endpoint)`)
      }
    }
  }
  const { eventNames } = options
  if (eventNames !== undefined) {
    if (!Array.isArray(eventNames) || eventNames.length === 0 || !eventNames.every((name) => typeof name === 'string' && name !== '')) {
      fail('eventNames', 'a non-empty array of event names')
    }
  }
  if (options.firstPage !== undefined && options.firstPage !== 0 && options.firstPage !== 1) fail('firstPage', '0 or 1')
  if (options.pageSize !== undefined && !isPositiveInteger(options.pageSize)) fail('pageSize', 'a positive integer')
  if (options.maxItems !== undefined && !isPositiveInteger(options.maxItems)) fail('maxItems', 'a positive integer')
  for (const name of DURATIONS) {
    const value = options[name]
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) fail(name, 'a non-negative number of milliseconds')
  }
  if (options.credentials !== undefined && !CREDENTIALS.includes(options.credentials)) fail('credentials', `one of ${CREDENTIALS.join(', ')}`)
  if (options.quietHours) {
    for (const end of ['from', 'to'] as const) {
      if (typeof options.quietHours[end] !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(options.quietHours[end])) fail(`quietHours.${end}`, 'a time of day as HH:MM')
    }
  }
  for (const name of ['stream', 'attention', 'preferences'] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== 'object' || value === null)) fail(name, 'an object')
  }
}
