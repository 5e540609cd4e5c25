import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { packLibrary, timed } from '../compat/packed-library'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The library built and packed once for every test that installs it (tests/compat, tests/nuxt). */
    packedTarball: string
  }
}

/**
 * Builds the demo page once (browser tests serve dist-demo/ from the test API, same origin as /api), then the
 * library and its tarball, once for every app that installs it.
 */
export default async function setup(project: TestProject): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  await build({
    root,
    mode: 'demo',
    logLevel: 'warn',
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    // A slow build on a busy machine is no test failure: keep rolldown's timing report out of the test output.
    build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  })
  const { result: tarball, ms } = await timed(packLibrary)
  process.stdout.write(`library build + pack: ${ms} ms\n`)
  project.provide('packedTarball', tarball)
}
