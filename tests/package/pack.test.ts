import { existsSync } from 'node:fs'
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quickStartFiles, type QuickStartFile } from './quick-start'
import { runCommand as run } from '../helpers/run-command'
import { describePublishedPackage } from './published-checks'
import { createConsumerApp, projectRoot } from './consumer-app'

async function readmeQuickStart(): Promise<QuickStartFile[]> {
  return quickStartFiles(await readFile(join(projectRoot, 'README.md'), 'utf8'))
}

/** Beside the Quick start: every public entry point and type an app imports, built as a page of its own. */
const ENTRY_POINTS = `
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createAlarms, useAlarmsStore, AlarmBell, createAlarmsApi, type Alarm } from 'vue-sse-alarms'
import { openAlarmStream, type AlarmStreamStatus } from 'vue-sse-alarms/stream'
import 'vue-sse-alarms/style.css'

const app = createApp({ render: () => h(AlarmBell) })
app.use(createPinia())
app.use(createAlarms({ baseURL: '/api', getToken: () => 'token' }))
const status: AlarmStreamStatus = 'closed'
const first: Alarm | undefined = app.runWithContext(() => useAlarmsStore().items[0])
export { status, first, openAlarmStream, createAlarmsApi }
app.mount('#app')
`

// Proof that another team can install the package: pack it, install the tarball into a fresh Vue + Vite app
// with its peers from the registry, write the README's Quick start into it (so the README cannot drift from
// what compiles), type-check and build that app, and import the stream entry in plain Node.
describe('the packed tarball', () => {
  let appDir = ''
  let tarball = ''

  beforeAll(async () => {
    ;({ dir: appDir, tarball } = await createConsumerApp())
    for (const file of await readmeQuickStart()) {
      await mkdir(dirname(join(appDir, file.path)), { recursive: true })
      await writeFile(join(appDir, file.path), file.content)
    }
    await writeFile(join(appDir, 'src/entry-points.ts'), ENTRY_POINTS)
    await writeFile(join(appDir, 'entry-points.html'), '<div id="app"></div><script type="module" src="/src/entry-points.ts"></script>')
    await writeFile(
      join(appDir, 'entry-points.config.mjs'),
      "export default { build: { outDir: 'dist-entry-points', rolldownOptions: { input: 'entry-points.html' } } }\n",
    )
  }, 300_000)

  afterAll(async () => {
    if (appDir) await rm(appDir, { recursive: true, force: true })
  })

  it('ships both entry points with their types and keeps the peers out of the bundle', async () => {
    const installed = join(appDir, 'node_modules/vue-sse-alarms')
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>
      peerDependenciesMeta: Record<string, { optional?: boolean }>
    }
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@nuxt/kit', '@pinia/nuxt', 'axios', 'nuxt', 'pinia', 'vue'])
    // Only a Nuxt app needs the Nuxt peers; a plain Vue app installs without them.
    const optional = Object.keys(manifest.peerDependenciesMeta).filter((name) => manifest.peerDependenciesMeta[name]?.optional)
    expect(optional.sort()).toEqual(['@nuxt/kit', '@pinia/nuxt', 'nuxt'])
    const stream = await readFile(join(installed, 'dist/stream/index.js'), 'utf8')
    expect(stream).not.toMatch(/from\s*["'](vue|pinia|axios)["']/)
    expect(await readFile(join(installed, 'dist/stream/index.d.ts'), 'utf8')).toContain('openAlarmStream')
    expect(await readFile(join(installed, 'dist/index.d.ts'), 'utf8')).toContain('createAlarms')
  })

  it('type-checks the README Quick start app and a module that imports both entry points', async () => {
    const { stdout, stderr } = await run('npx', ['vue-tsc', '--noEmit'], { cwd: appDir })
    expect(`${stdout}${stderr}`).not.toMatch(/error TS/)
  }, 180_000)

  it('builds the README Quick start app', async () => {
    const { stdout } = await run('npx', ['vite', 'build'], { cwd: appDir })
    expect(stdout).toMatch(/built in/)
    expect(existsSync(join(appDir, 'dist/index.html'))).toBe(true)
  }, 180_000)

  it('builds a page that imports both entry points', async () => {
    const { stdout } = await run('npx', ['vite', 'build', '--config', 'entry-points.config.mjs'], { cwd: appDir })
    expect(stdout).toMatch(/built in/)
    expect(existsSync(join(appDir, 'dist-entry-points/entry-points.html'))).toBe(true)
  }, 180_000)

  it('runs the stream entry in plain Node, with no window or document', async () => {
    const script = "const m = await import('vue-sse-alarms/stream'); console.log(typeof m.openAlarmStream, typeof globalThis.window)"
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: appDir })
    expect(stdout.trim()).toBe('function undefined')
  })

  describePublishedPackage(() => ({ tarball, appDir }))
})

describe('the README Quick start', () => {
  it('is a whole app: every code block names its file, and main.ts, App.vue, auth.ts and router/index.ts are there', async () => {
    const paths = (await readmeQuickStart()).map((file) => file.path)
    expect(paths).toEqual(expect.arrayContaining(['src/main.ts', 'src/App.vue', 'src/auth.ts', 'src/router/index.ts']))
  })

  it('refuses a code block that does not name its file, so no snippet escapes the build', () => {
    const readme = ['## Quick start', '```ts', "// src/main.ts", 'export {}', '```', '```ts', 'connect()', '```', '## Next'].join('\n')
    expect(() => quickStartFiles(readme)).toThrow('does not name its file')
  })

  it('skips a block marked partial, such as the lines to add to a generated file', () => {
    const readme = ['## Quick start', '```ts', '// partial: inside defineConfig', "  server: {},", '```', '```ts', '// src/main.ts', 'export {}', '```'].join('\n')
    expect(quickStartFiles(readme).map((file) => file.path)).toEqual(['src/main.ts'])
  })

  it('takes only the blocks between its heading and the next one', () => {
    const readme = ['## Install', '```ts', '// src/other.ts', '```', '## Quick start', '```vue', '<!-- src/App.vue -->', '<template />', '```', '## Next', '```ts', '// src/later.ts', '```'].join('\n')
    expect(quickStartFiles(readme)).toEqual([{ path: 'src/App.vue', content: '<!-- src/App.vue -->\n<template />\n' }])
  })
})
