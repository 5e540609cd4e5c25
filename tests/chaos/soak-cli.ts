import { parseArgs } from 'node:util'
import { parseShape } from '../../server/shapes'
import { formatFailure, formatSummary, runSoak } from './soak'

const HELP = `Usage: npm run soak -- [--runs N] [--seed S] [--verbose]
  --runs <n>   number of runs (default 200); run i uses seed S + i
  --seed <s>   first seed (default: random, printed)
  --shape <s>  the test API's list and count shapes: spring (default), nest or drf
  --verbose    print one line per run`

function nonNegativeInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`)
  return parsed
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      shape: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const runs = nonNegativeInteger(values.runs, '--runs', 200)
  const seed = nonNegativeInteger(values.seed, '--seed', Math.floor(Math.random() * 1_000_000))
  const shape = parseShape(values.shape ?? 'spring')
  process.stdout.write(`soak: ${runs} runs from seed ${seed}, ${shape} shape\n`)
  const summary = await runSoak({
    seed,
    runs,
    shape,
    onRun(result) {
      if (!result.ok) process.stdout.write(`${formatFailure(result)}\n`)
      else if (values.verbose) {
        process.stdout.write(
          `run ${result.seed}: ok, ${result.faults} faults, ${result.alarmsChecked} alarms checked, ${result.durationMs} ms ${JSON.stringify(result.phases)}, subscribes ${JSON.stringify(result.subscribes)}\n`,
        )
      }
    },
  })
  process.stdout.write(`${formatSummary(summary)}\n`)
  if (summary.failed.length) {
    process.stdout.write(`failing seeds: ${summary.failed.map((result) => result.seed).join(', ')}\n`)
    return 1
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(2)
  },
)
