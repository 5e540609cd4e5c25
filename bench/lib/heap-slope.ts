import { readFile, rm } from 'node:fs/promises'
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8'
import { median, sleep } from './stats'

/** Heap after several forced full GCs: all of it, and without the spaces that hold compiled code. */
export interface HeapReading {
  /** `process.memoryUsage().heapUsed`. */
  used: number
  /**
   * The same without V8's code spaces: machine code grows while rarely called functions (one Response per connect,
   * one REST call per reconcile) are optimised, long after warm-up; that is the engine, not data anyone keeps.
   */
  data: number
}

const CODE_SPACES = new Set(['code_space', 'code_large_object_space'])

export async function readHeap(gcRounds = 4): Promise<HeapReading> {
  if (!globalThis.gc) throw new Error('run with node --expose-gc (npm run bench does)')
  for (let round = 0; round < gcRounds; round++) {
    globalThis.gc()
    // A macrotask between rounds: WeakRef targets and finalizers are only released once the current job ends.
    await sleep(2)
  }
  const spaces = getHeapSpaceStatistics()
  const code = spaces.filter((space) => CODE_SPACES.has(space.space_name)).reduce((sum, space) => sum + space.space_used_size, 0)
  const used = process.memoryUsage().heapUsed
  return { used, data: used - code }
}

/**
 * Theil–Sen slope of `y` over `x`: the median of the slopes between every pair of points. A GC'd reading now and then
 * carries a few hundred KB of compiled code the engine drops again later; one such reading bends a least-squares line
 * but not this median. NaN with fewer than two distinct x.
 */
export function slope(points: readonly { x: number; y: number }[]): number {
  const slopes: number[] = []
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]!.x - points[i]!.x
      if (dx !== 0) slopes.push((points[j]!.y - points[i]!.y) / dx)
    }
  }
  return median(slopes)
}

/** Node types of a heap snapshot that are the engine's, not objects a program keeps: compiled code, maps, internals. */
const ENGINE_NODE_TYPES = new Set(['code', 'hidden', 'object shape', 'synthetic'])

export interface ObjectCensus {
  /** Self size of every node that is not the engine's (objects, closures, arrays, strings, numbers, natives). */
  bytes: number
  /** Node count and bytes by constructor name ("(string)" for strings). */
  byConstructor: Map<string, { count: number; bytes: number }>
}

/**
 * Writes a heap snapshot (it forces a full GC first). Read it with `readCensus` only once every snapshot of a
 * comparison is written: a census held in memory would show up in the next snapshot.
 */
export function takeSnapshot(file: string): string {
  return writeHeapSnapshot(file)
}

/** The object census of a snapshot file, which is then deleted unless `keep`. */
export async function readCensus(file: string, keep = false): Promise<ObjectCensus> {
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }
    nodes: number[]
    strings: string[]
  }
  if (!keep) await rm(file)
  const fields = snapshot.snapshot.meta.node_fields
  const typeNames = snapshot.snapshot.meta.node_types[0]
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number]
  const byConstructor = new Map<string, { count: number; bytes: number }>()
  let bytes = 0
  for (let index = 0; index < snapshot.nodes.length; index += fields.length) {
    const type = typeNames[snapshot.nodes[index + typeAt]!]!
    if (ENGINE_NODE_TYPES.has(type)) continue
    const size = snapshot.nodes[index + sizeAt]!
    const name = type.endsWith('string') ? '(string)' : type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[index + nameAt]!]! : `(${type})`
    const entry = byConstructor.get(name) ?? { count: 0, bytes: 0 }
    entry.count++
    entry.bytes += size
    byConstructor.set(name, entry)
    bytes += size
  }
  return { bytes, byConstructor }
}

/** What grew between two censuses, largest first. */
export function censusGrowth(before: ObjectCensus, after: ObjectCensus, top = 8): Array<{ name: string; count: number; bytes: number }> {
  const names = new Set([...before.byConstructor.keys(), ...after.byConstructor.keys()])
  return [...names]
    .map((name) => {
      const a = before.byConstructor.get(name) ?? { count: 0, bytes: 0 }
      const b = after.byConstructor.get(name) ?? { count: 0, bytes: 0 }
      return { name, count: b.count - a.count, bytes: b.bytes - a.bytes }
    })
    .filter((entry) => entry.count !== 0 || entry.bytes !== 0)
    .sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes))
    .slice(0, top)
}
