// Compares two heap snapshots (of one process, e.g. kept with BENCH_KEEP_SNAPSHOTS=1) by constructor: what grew in
// count and bytes, compiled code and engine internals left out. `npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [rows]`
import { censusGrowth, readCensus } from './lib/heap-slope'

const [before, after, rows = '20'] = process.argv.slice(2)
if (!before || !after) throw new Error('usage: tsx bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [rows]')
const [a, b] = [await readCensus(before, true), await readCensus(after, true)]
process.stdout.write(`objects: ${a.bytes} → ${b.bytes} bytes (${b.bytes - a.bytes >= 0 ? '+' : ''}${b.bytes - a.bytes})\n`)
for (const entry of censusGrowth(a, b, Number(rows))) {
  process.stdout.write(`${String(entry.bytes).padStart(10)} B ${String(entry.count).padStart(8)} × ${entry.name}\n`)
}
