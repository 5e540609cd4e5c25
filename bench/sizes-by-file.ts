// Where the core's bytes go: builds the "core" entry of bench/sizes.ts (createAlarms + useAlarmsStore, peers
// external, production defines) with a source map, gives every minified byte to the source file it came from, and
// prints min and gzip bytes per file. Gzip per file is each file's minified text gzipped alone, scaled so the files
// add up to the bundle's gzip size (gzip shares its dictionary across files, so this is an estimate per file).
// `npx tsx bench/sizes-by-file.ts` (or pass an entry module's source as the first argument).
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { buildEntry } from './lib/build-entry'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = fileURLToPath(new URL('./.tmp/sizes-by-file/', import.meta.url))
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Source-map `mappings` → per generated line, each segment's [column, source index] (absolute). */
function decodeMappings(mappings: string): [number, number | undefined][][] {
  let source = 0
  return mappings.split(';').map((line) => {
    let column = 0
    return line
      .split(',')
      .filter(Boolean)
      .map((segment) => {
        const values: number[] = []
        let value = 0
        let shift = 0
        for (const char of segment) {
          const digit = BASE64.indexOf(char)
          value += (digit & 31) << shift
          if (digit & 32) shift += 5
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1)
            value = shift = 0
          }
        }
        column += values[0]!
        if (values.length > 1) source += values[1]!
        return [column, values.length > 1 ? source : undefined] as [number, number | undefined]
      })
  })
}

const entry = process.argv[2] ?? `export { createAlarms, useAlarmsStore } from ${JSON.stringify(join(root, 'src/index.ts'))}\n`
await mkdir(dir, { recursive: true })
await writeFile(join(dir, 'entry.js'), entry)
await buildEntry({ root, entryFile: join(dir, 'entry.js'), outDir: join(dir, 'out'), sourcemap: true })
const code = await readFile(join(dir, 'out/bundle.js'), 'utf8')
const map = JSON.parse(await readFile(join(dir, 'out/bundle.js.map'), 'utf8')) as { sources: string[]; mappings: string }
const texts = new Map<string, string[]>()
const give = (file: string, text: string) => texts.set(file, [...(texts.get(file) ?? []), text])
const lines = decodeMappings(map.mappings)
code.split('\n').forEach((line, index) => {
  let owner = '(bundler glue)'
  let at = 0
  for (const [column, source] of lines[index] ?? []) {
    if (column > at) give(owner, line.slice(at, column))
    at = column
    owner = source === undefined ? '(bundler glue)' : relative(root, join(dir, 'out', map.sources[source]!))
  }
  give(owner, `${line.slice(at)}\n`)
})
const gzip = (text: string) => gzipSync(text, { level: 9 }).length
const rows = [...texts].map(([file, parts]) => ({ file, min: Buffer.byteLength(parts.join('')), gzip: gzip(parts.join('')) }))
const totalGzip = gzip(code)
const scale = totalGzip / rows.reduce((sum, row) => sum + row.gzip, 0)
rows.sort((a, b) => b.gzip - a.gzip)
console.log(`bundle: ${Buffer.byteLength(code)} B min, ${totalGzip} B min+gzip (${(totalGzip / 1024).toFixed(2)} KB)`)
console.log('   min   gzip  file')
for (const row of rows) console.log(`${String(row.min).padStart(6)} ${String(Math.round(row.gzip * scale)).padStart(6)}  ${row.file}`)
