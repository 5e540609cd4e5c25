import { FUNCTION_OPTIONS, type CreateAlarmsOptions } from './options'

type Check = (value: unknown) => boolean

const isFunction: Check = (value) => typeof value === 'function'
const isObject: Check = (value) => typeof value === 'object' && value !== null
const isNonEmptyString: Check = (value) => typeof value === 'string' && value !== ''
const isPositiveInteger: Check = (value) => Number.isSafeInteger(value) && (value as number) > 0
const isDuration: Check = (value) => Number.isFinite(value) && (value as number) >= 0
const isTimeOfDay: Check = (value) => typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)
const CREDENTIALS = ['same-origin', 'include', 'omit']

/** Option names (a list, or space-separated), what each must be, and the check; the first failure throws. */
const RULES: [names: string | readonly string[], expected: string, check: Check][] = [
  [FUNCTION_OPTIONS, 'a function', isFunction],
  ['sharedConnection autoConnect ssr', 'a boolean', (value) => typeof value === 'boolean'],
  ['baseURL', 'a string', (value) => typeof value === 'string'],
  ['axios', 'an axios instance', (value) => isFunction((value as { request?: unknown } | null)?.request)],
  ['endpoints stream attention preferences', 'an object', isObject],
  ['eventNames', 'a non-empty array of event names', (value) => Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString)],
  ['firstPage', '0 or 1', (value) => value === 0 || value === 1],
  ['pageSize maxItems', 'a positive integer', isPositiveInteger],
  ['refreshDebounceMs refreshMaxWaitMs reconcileJitterMs', 'a non-negative number of milliseconds', isDuration],
  ['credentials', `one of ${CREDENTIALS.join(', ')}`, (value) => CREDENTIALS.includes(value as string)],
]
const ENDPOINT_STRINGS = ['subscribe', 'list', 'count', 'readAll']
const ENDPOINT_FUNCTIONS = ['read', 'unread', 'remove']

function check(values: object, names: string | readonly string[], expected: string, test: Check, prefix = '', optional = true): void {
  for (const name of typeof names === 'string' ? names.split(' ') : names) {
    const value = (values as Record<string, unknown>)[name]
    if (!(optional && value === undefined) && !test(value)) {
      throw new TypeError(`createAlarms: \`${prefix}${name}\` must be ${expected}`)
    }
  }
}

/** Throws a TypeError naming the first option that cannot work. Every build: options can come from runtime config. */
export function validateOptions(options: CreateAlarmsOptions): void {
  check({ options }, 'options', 'an object', isObject)
  for (const rule of RULES) check(options, ...rule)
  const { endpoints = {}, quietHours } = options
  for (const name of Object.keys(endpoints)) {
    const [expected, test]: [string, Check] = ENDPOINT_STRINGS.includes(name)
      ? ['a non-empty string', isNonEmptyString]
      : ENDPOINT_FUNCTIONS.includes(name)
        ? ['a function of the alarm id', isFunction]
        : [`one of ${[...ENDPOINT_STRINGS, ...ENDPOINT_FUNCTIONS].join(', ')} (unknown endpoint)`, () => false]
    check(endpoints, name, expected, test, 'endpoints.')
  }
  if (quietHours) check(quietHours, 'from to', 'a time of day as HH:MM', isTimeOfDay, 'quietHours.', false)
}
