import { parseArgs } from 'node:util'
import type { TestServerOptions } from './app'
import { parseShape, type ApiShape } from './shapes'
import { formatAuthMode, parseAuthMode, type AuthOption } from './credentials'

type FlagKind = 'integer' | 'string' | 'boolean'

interface Flag {
  name: string
  /** Environment variable read when the flag is absent; booleans are on with `1` or `true`. */
  env: string
  kind: FlagKind
  /** Placeholder shown in the help, e.g. `<ms>`. */
  value?: string
  help: string
}

/** Every flag of the test API with its environment variable; the help text is generated from it. */
export const FLAGS: readonly Flag[] = [
  { name: 'port', env: 'PORT', kind: 'integer', value: '<n>', help: 'port (default 8787; 0 = any free port)' },
  { name: 'db', env: 'DB_FILE', kind: 'string', value: '<file>', help: 'SQLite file (default :memory:)' },
  { name: 'test-routes', env: 'TEST_ROUTES', kind: 'boolean', help: 'mount /api/test/* (publish, stats, faults)' },
  { name: 'token-ttl-ms', env: 'TOKEN_TTL_MS', kind: 'integer', value: '<ms>', help: 'access token and session lifetime (default 900000)' },
  { name: 'emitter-timeout-ms', env: 'EMITTER_TIMEOUT_MS', kind: 'integer', value: '<ms>', help: 'stream lifetime, like SseEmitter\'s timeout (default 3600000)' },
  { name: 'heartbeat-ms', env: 'HEARTBEAT_MS', kind: 'integer', value: '<ms>', help: 'heartbeat comment interval, 0 = off (default 0)' },
  { name: 'static', env: 'STATIC_DIR', kind: 'string', value: '<dir>', help: 'serve a built page at /' },
  { name: 'cors-origin', env: 'CORS_ORIGIN', kind: 'string', value: '<origin>', help: 'answer credentialed CORS for this exact origin' },
  { name: 'auth', env: 'AUTH', kind: 'string', value: '<mode>', help: 'bearer | raw | header:<Name> | cookie (default bearer)' },
  { name: 'csrf', env: 'CSRF', kind: 'boolean', help: 'cookie auth: POST/PATCH/DELETE need X-XSRF-TOKEN = the XSRF-TOKEN cookie' },
  { name: 'list-unread-field', env: 'LIST_UNREAD_FIELD', kind: 'boolean', help: 'list pages also carry `unread` (the unread count)' },
  { name: 'shape', env: 'SHAPE', kind: 'string', value: '<shape>', help: 'list and count shapes: spring | nest | drf (default spring)' },
  { name: 'publish-to', env: 'PUBLISH_TO', kind: 'string', value: '<url>', help: 'also POST each alarm to <url>/<userId> (an nchan publisher)' },
]

function helpLine(flag: Flag): string {
  const usage = `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`
  return `  ${usage.padEnd(28)} ${flag.env.padEnd(19)} ${flag.help}`
}

export const HELP = [
  'Usage: tsx server/main.ts [options]',
  `  ${'flag'.padEnd(28)} ${'env'.padEnd(19)} meaning`,
  ...FLAGS.map(helpLine),
  `  ${'--help, -h'.padEnd(28)} ${''.padEnd(19)} this text`,
  'A flag wins over its variable; a boolean variable is on with 1 or true.',
].join('\n')

function integer(value: string, flag: Flag): number {
  const parsed = Number(value)
  if (value.trim() === '' || !Number.isSafeInteger(parsed) || parsed < 0) {
    throw new TypeError(`--${flag.name} (or ${flag.env}) must be a non-negative integer, got "${value}"`)
  }
  return parsed
}

function fromEnv(flag: Flag, env: NodeJS.ProcessEnv): string | boolean | undefined {
  const value = env[flag.env]
  if (value === undefined || value === '') return undefined
  return flag.kind === 'boolean' ? value === '1' || value === 'true' : value
}

export type CliResult = { help: true } | { help: false; options: TestServerOptions }

/** Reads the command line, falling back to the environment for each flag; a flag always wins over its variable. */
export function parseCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const declared = Object.fromEntries(FLAGS.map((flag) => [flag.name, { type: flag.kind === 'boolean' ? 'boolean' : 'string' } as const]))
  const { values } = parseArgs({ args: [...args], options: { ...declared, help: { type: 'boolean', short: 'h' } } })
  if (values.help) return { help: true }
  const parsed = values as Record<string, string | boolean | undefined>
  const given = new Map<string, string | boolean>()
  const numbers = new Map<string, number>()
  for (const flag of FLAGS) {
    const value = parsed[flag.name] ?? fromEnv(flag, env)
    if (value === undefined) continue
    given.set(flag.name, value)
    if (flag.kind === 'integer') numbers.set(flag.name, integer(String(value), flag))
  }
  const text = (name: string): string | undefined => {
    const value = given.get(name)
    return typeof value === 'string' ? value : undefined
  }
  let auth: AuthOption
  try {
    auth = formatAuthMode(parseAuthMode(text('auth') ?? 'bearer'))
  } catch (error) {
    throw new TypeError(`--auth (or AUTH): ${(error as Error).message}`)
  }
  let shape: ApiShape
  try {
    shape = parseShape(text('shape') ?? 'spring')
  } catch (error) {
    throw new TypeError(`--shape (or SHAPE) ${(error as Error).message}`)
  }
  return {
    help: false,
    options: {
      port: numbers.get('port') ?? 8787,
      db: text('db') ?? ':memory:',
      testRoutes: given.get('test-routes') === true,
      tokenTtlMs: numbers.get('token-ttl-ms'),
      emitterTimeoutMs: numbers.get('emitter-timeout-ms'),
      heartbeatMs: numbers.get('heartbeat-ms'),
      staticDir: text('static'),
      corsOrigin: text('cors-origin'),
      auth,
      csrf: given.get('csrf') === true,
      listUnreadField: given.get('list-unread-field') === true,
      publishTo: text('publish-to'),
      shape,
    },
  }
}
