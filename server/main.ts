import { parseArgs } from 'node:util'
import { startTestServer, type TestServerOptions } from './index'

const HELP = `Usage: tsx server/main.ts [options]
  --port <n>                 port (PORT env; default 8787; 0 = any free port)
  --db <file>                SQLite file (default :memory:)
  --test-routes              mount /api/test/* (or TEST_ROUTES=1)
  --token-ttl-ms <ms>        access token lifetime (default 900000)
  --emitter-timeout-ms <ms>  stream lifetime, like SseEmitter's timeout (default 3600000)
  --heartbeat-ms <ms>        heartbeat comment interval, 0 = off (default 0)
  --static <dir>             serve a built page at /
  --cors-origin <origin>     answer CORS for this origin
  --publish-to <url>         also POST each alarm to <url>/<userId>, an nchan publisher (or PUBLISH_TO)`

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`)
  return parsed
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      'test-routes': { type: 'boolean' },
      'token-ttl-ms': { type: 'string' },
      'emitter-timeout-ms': { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      static: { type: 'string' },
      'cors-origin': { type: 'string' },
      'publish-to': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const options: TestServerOptions = {
    port: integer(values.port ?? process.env.PORT, '--port (or PORT)') ?? 8787,
    db: values.db ?? ':memory:',
    testRoutes: values['test-routes'] === true || process.env.TEST_ROUTES === '1',
    tokenTtlMs: integer(values['token-ttl-ms'], '--token-ttl-ms'),
    emitterTimeoutMs: integer(values['emitter-timeout-ms'], '--emitter-timeout-ms'),
    heartbeatMs: integer(values['heartbeat-ms'], '--heartbeat-ms'),
    staticDir: values.static,
    corsOrigin: values['cors-origin'],
    publishTo: values['publish-to'] ?? process.env.PUBLISH_TO,
  }
  const server = await startTestServer(options)
  process.stdout.write(`listening on ${server.url}\n`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
