import { HELP, parseCli } from './cli'
import { startTestServer } from './index'

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2))
  if (cli.help) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const server = await startTestServer(cli.options)
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
