import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// A full GC on demand without starting the test process with --expose-gc: the flag is read when a context is created.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * Forces full GCs, each after a macrotask: a WeakRef's target stays alive until the job that created or read it ends.
 * Uses `setImmediate`, so call it with real timers.
 */
export async function collectGarbage(rounds = 4): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await new Promise((resolve) => setImmediate(resolve))
    gc()
  }
}

/** How many of the objects behind `refs` are still reachable (call `collectGarbage` first). */
export const countAlive = (refs: readonly WeakRef<object>[]) => refs.filter((ref) => ref.deref() !== undefined).length
