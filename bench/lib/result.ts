import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/** One line of the results table: a measured number next to what it is compared with and the goal. */
export interface BenchRow {
  metric: string
  ours: string
  /** What the same run measured for the comparison, with its name. */
  baseline: string
  goal: string
  /** `met` / `missed` against the goal; `info` when there is no goal for this line. */
  verdict: 'met' | 'missed' | 'info'
}

export interface BenchResult {
  name: string
  title: string
  rows: BenchRow[]
  /** How it was measured, and anything a reader needs to trust or doubt the numbers. */
  notes: string[]
  /** Every raw number behind the rows. */
  raw: Record<string, unknown>
  durationMs: number
  error?: string
}

export interface BenchContext {
  quick: boolean
  /** Progress lines go to stderr so the table on stdout stays clean. */
  log(message: string): void
}

export interface BenchBody {
  title: string
  rows: BenchRow[]
  notes: string[]
  raw: Record<string, unknown>
}

/**
 * Runs one benchmark file as a process of its own (see run.ts) and writes its result to the file
 * named by BENCH_RESULT_FILE, so a crash or a hang in one bench never takes the others down.
 */
export async function runBench(name: string, body: (context: BenchContext) => Promise<BenchBody>): Promise<void> {
  const quick = process.argv.includes('--quick')
  const startedAt = performance.now()
  const context: BenchContext = { quick, log: (message) => process.stderr.write(`  [${name}] ${message}\n`) }
  let result: BenchResult
  try {
    const measured = await body(context)
    result = { name, ...measured, durationMs: Math.round(performance.now() - startedAt) }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    result = { name, title: name, rows: [], notes: [], raw: {}, durationMs: Math.round(performance.now() - startedAt), error: message }
  }
  const target = process.env.BENCH_RESULT_FILE
  if (target) {
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, JSON.stringify(result, null, 2))
  } else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  }
  // Undici keeps idle sockets alive; exit now instead of waiting for them.
  process.exit(result.error ? 1 : 0)
}
