// `npm run bench` runs every benchmark, each in a process of its own, prints one table and writes
// bench/results.json. `npm run bench -- --only throughput,sizes` picks benches; `--quick` uses smaller counts.
import { spawn } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { BenchResult } from './lib/result'
import { chromiumVersion } from './lib/machine'

interface BenchEntry {
  name: string
  /** Extra Node flags for that bench's process. */
  nodeFlags?: string[]
  /** Hard limit for the whole bench process (full run; quick runs get half). */
  timeoutMs: number
  /** Runs only when named with `--only`: long, and needs nginx, nchan and Redis. */
  onlyWhenNamed?: boolean
}

/** In the order they run; the cheap Node-only benches first. */
const BENCHES: BenchEntry[] = [
  { name: 'throughput', timeoutMs: 60_000 },
  { name: 'reconnect', timeoutMs: 90_000 },
  { name: 'sizes', timeoutMs: 90_000 },
  { name: 'heap', nodeFlags: ['--expose-gc'], timeoutMs: 90_000 },
  { name: 'long-session', nodeFlags: ['--expose-gc'], timeoutMs: 480_000 },
  { name: 'burst', timeoutMs: 120_000 },
  { name: 'tabs', timeoutMs: 90_000 },
  { name: 'latency', timeoutMs: 120_000 },
  { name: 'storm', timeoutMs: 2_400_000, onlyWhenNamed: true },
]

const benchDir = fileURLToPath(new URL('.', import.meta.url))

function parseArgs(argv: string[]): { quick: boolean; only: string[] | undefined } {
  const quick = argv.includes('--quick')
  let only: string[] | undefined
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    if (arg === '--only') only = (argv[index + 1] ?? '').split(',').filter(Boolean)
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length).split(',').filter(Boolean)
  }
  return { quick, only }
}

async function runOne(entry: BenchEntry, quick: boolean): Promise<BenchResult> {
  const resultFile = `${benchDir}.tmp/result-${entry.name}.json`
  await rm(resultFile, { force: true })
  const timeoutMs = quick ? Math.round(entry.timeoutMs / 2) : entry.timeoutMs
  const startedAt = performance.now()
  const child = spawn(process.execPath, [...(entry.nodeFlags ?? []), '--import', 'tsx', `${benchDir}${entry.name}.ts`, ...(quick ? ['--quick'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, BENCH_RESULT_FILE: resultFile },
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  clearTimeout(timer)
  try {
    return JSON.parse(await readFile(resultFile, 'utf8')) as BenchResult
  } catch {
    return {
      name: entry.name,
      title: entry.name,
      rows: [],
      notes: [],
      raw: {},
      durationMs: Math.round(performance.now() - startedAt),
      error: timedOut ? `timed out after ${timeoutMs} ms` : `exited with code ${exitCode} without a result`,
    }
  }
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

export function markdownTable(results: BenchResult[]): string {
  const lines = ['| bench | metric | ours | compared with (same run) | goal | verdict |', '|---|---|---|---|---|---|']
  for (const result of results) {
    if (result.error) {
      lines.push(`| ${result.title} | — | error: ${escapeCell(result.error.split('\n')[0]!)} | — | — | not measured |`)
      continue
    }
    for (const row of result.rows) {
      const verdict = row.verdict === 'info' ? '—' : row.verdict
      lines.push(`| ${escapeCell(result.title)} | ${escapeCell(row.metric)} | ${escapeCell(row.ours)} | ${escapeCell(row.baseline)} | ${escapeCell(row.goal)} | ${verdict} |`)
    }
  }
  return lines.join('\n')
}

const { quick, only } = parseArgs(process.argv.slice(2))
const selected = only ? BENCHES.filter((entry) => only.includes(entry.name)) : BENCHES.filter((entry) => !entry.onlyWhenNamed)
if (only && selected.length !== only.length) {
  const known = new Set(BENCHES.map((entry) => entry.name))
  process.stderr.write(`unknown bench: ${only.filter((name) => !known.has(name)).join(', ')} (known: ${[...known].join(', ')})\n`)
  process.exit(2)
}

const startedAt = performance.now()
const results: BenchResult[] = []
for (const entry of selected) {
  process.stderr.write(`▶ ${entry.name}${quick ? ' (quick)' : ''}\n`)
  const result = await runOne(entry, quick)
  process.stderr.write(`  ${entry.name}: ${result.error ? `ERROR ${result.error.split('\n')[0]}` : 'done'} in ${(result.durationMs / 1000).toFixed(1)} s\n`)
  results.push(result)
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  chromium: await chromiumVersion(),
  platform: `${process.platform} ${process.arch}`,
}
const table = markdownTable(results)
process.stdout.write(`\n${table}\n\n`)
process.stdout.write(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, Chromium ${machine.chromium}\n`)
process.stdout.write(`total: ${((performance.now() - startedAt) / 1000).toFixed(1)} s${quick ? ' (quick)' : ''}\n`)

// A partial run (--only) replaces just its benches in results.json; each result carries its own date and mode.
const date = new Date().toISOString()
const stamped = results.map((result) => ({ ...result, date, quick }))
let merged = stamped
if (only) {
  try {
    const previous = JSON.parse(await readFile(`${benchDir}results.json`, 'utf8')) as { results?: typeof stamped }
    const fresh = new Set(stamped.map((result) => result.name))
    const kept = (previous.results ?? []).filter((result) => !fresh.has(result.name))
    merged = BENCHES.flatMap((entry) => [...stamped, ...kept].filter((result) => result.name === entry.name))
  } catch {
    // No earlier results: this run is all there is.
  }
}
await writeFile(
  `${benchDir}results.json`,
  `${JSON.stringify({ date, command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`, quick, machine, table: markdownTable(merged), results: merged }, null, 2)}\n`,
)
// A complete, full-size run refreshes the table in bench/README.md (between the markers); partial or quick runs do not.
if (!only && !quick) {
  const readmePath = `${benchDir}README.md`
  const readme = await readFile(readmePath, 'utf8').catch(() => '')
  const start = '<!-- results:start -->'
  const end = '<!-- results:end -->'
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from !== -1 && to > from) {
    const block = [
      start,
      `Measured ${date.slice(0, 10)} with \`npm run bench\` on ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, Chromium ${machine.chromium}; ${((performance.now() - startedAt) / 1000).toFixed(0)} s in all.`,
      '',
      markdownTable(stamped),
      end,
    ].join('\n')
    await writeFile(readmePath, readme.slice(0, from) + block + readme.slice(to + end.length))
  }
}
process.exitCode = results.some((result) => result.error) ? 1 : 0
