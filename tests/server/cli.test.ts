import { describe, expect, it } from 'vitest'
import { FLAGS, HELP, parseCli } from '../../server/cli'

function options(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = parseCli(args, env)
  if (result.help) throw new Error('expected options, got help')
  return result.options
}

describe('the test API command line', () => {
  it('lists every flag with its environment variable in the help', () => {
    for (const flag of FLAGS) expect(HELP).toMatch(new RegExp(`--${flag.name}\\b.*\\b${flag.env}\\b`))
    expect(FLAGS.map((flag) => flag.name)).toEqual(expect.arrayContaining(['auth', 'csrf', 'list-unread-field', 'cors-origin', 'token-ttl-ms']))
    expect(parseCli(['--help'], {})).toEqual({ help: true })
    expect(parseCli(['-h'], {})).toEqual({ help: true })
  })

  it('defaults to bearer auth on port 8787 with nothing else switched on', () => {
    expect(options([])).toEqual({
      port: 8787,
      db: ':memory:',
      testRoutes: false,
      tokenTtlMs: undefined,
      emitterTimeoutMs: undefined,
      heartbeatMs: undefined,
      staticDir: undefined,
      corsOrigin: undefined,
      auth: 'bearer',
      csrf: false,
      listUnreadField: false,
      shape: 'spring',
    })
  })

  it('reads each flag from its environment variable when the flag is absent, and lets the flag win', () => {
    const env = {
      PORT: '9000',
      DB_FILE: 'alarms.db',
      TEST_ROUTES: '1',
      TOKEN_TTL_MS: '1000',
      EMITTER_TIMEOUT_MS: '2000',
      HEARTBEAT_MS: '300',
      STATIC_DIR: 'dist-demo',
      CORS_ORIGIN: 'http://127.0.0.1:5173',
      AUTH: 'header:X-Auth-Token',
      CSRF: 'true',
      LIST_UNREAD_FIELD: '1',
    }
    expect(options([], env)).toEqual({
      port: 9000,
      db: 'alarms.db',
      testRoutes: true,
      tokenTtlMs: 1000,
      emitterTimeoutMs: 2000,
      heartbeatMs: 300,
      staticDir: 'dist-demo',
      corsOrigin: 'http://127.0.0.1:5173',
      auth: 'header:X-Auth-Token',
      csrf: true,
      listUnreadField: true,
      shape: 'spring',
    })
    expect(options(['--auth', 'cookie', '--port', '0'], env)).toMatchObject({ auth: 'cookie', port: 0 })
    expect(options([], { CSRF: '0', TEST_ROUTES: 'no' })).toMatchObject({ csrf: false, testRoutes: false })
  })

  it.each([
    [['--auth', 'basic'], /--auth \(or AUTH\).*bearer, raw, header:<Name> or cookie/],
    [['--auth', 'header:'], /--auth \(or AUTH\).*not a valid header name/],
    [['--auth', 'header:Authorization'], /use raw or cookie/],
    [['--port=-1'], /--port \(or PORT\) must be a non-negative integer/],
    [['--heartbeat-ms', 'soon'], /--heartbeat-ms \(or HEARTBEAT_MS\)/],
  ])('refuses %j naming the flag and its variable', (args, message) => {
    expect(() => parseCli(args, {})).toThrow(message)
  })
})
