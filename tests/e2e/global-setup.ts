import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** Builds the demo page once; browser tests serve dist-demo/ from the test API (same origin as /api). */
export default async function buildDemo(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  await build({
    root,
    mode: 'demo',
    logLevel: 'warn',
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    // A slow build on a busy machine is no test failure: keep rolldown's timing report out of the test output.
    build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  })
}
