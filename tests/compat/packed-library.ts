import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCommand } from '../helpers/run-command'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Where the browser-and-package tests find the tarball the global setup packed (git ignores tests/.tmp). */
export const PACK_DIR = join(PROJECT_ROOT, 'tests/.tmp/pack')
export const PACKED_TARBALL = join(PACK_DIR, 'vue-sse-alarms.tgz')

/**
 * Builds the library and packs it the way `npm publish` would, under one fixed file name whatever the version.
 * Built here rather than by `prepack`, whose build log would share stdout with the JSON.
 */
export async function packLibrary(): Promise<string> {
  await runCommand('npm', ['run', 'build'], { cwd: PROJECT_ROOT })
  await rm(PACK_DIR, { recursive: true, force: true })
  await mkdir(PACK_DIR, { recursive: true })
  const { stdout } = await runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', PACK_DIR], { cwd: PROJECT_ROOT })
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
  await rename(join(PACK_DIR, packed!.filename), PACKED_TARBALL)
  return PACKED_TARBALL
}

/** Milliseconds `step` took; printed by the slow tests so a CI log shows what each stage costs. */
export async function timed<T>(step: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now()
  const result = await step()
  return { result, ms: Math.round(performance.now() - start) }
}
