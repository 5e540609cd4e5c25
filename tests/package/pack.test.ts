import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quickStartFiles, type QuickStartFile } from './quick-start'
import { runCommand as run } from '../helpers/run-command'
import { describePublishedPackage } from './published-checks'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Versions the throwaway app takes from the registry: the same majors this package declares as peers. */
async function peerRanges(): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const dev = pkg.devDependencies
  return {
    ...pkg.peerDependencies,
    vite: dev.vite!,
    '@vitejs/plugin-vue': dev['@vitejs/plugin-vue']!,
    typescript: dev.typescript!,
    'vue-tsc': dev['vue-tsc']!,
    // The Quick start's router: the app brings it, this package does not depend on it.
    'vue-router': '^5.0.0',
  }
}

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
    appDir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-consumer-'))
    // Built here rather than by `prepack`, whose build log would share stdout with the JSON.
    await run('npm', ['run', 'build'], { cwd: projectRoot })
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', appDir], { cwd: projectRoot })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
    tarball = join(appDir, packed!.filename)
    await mkdir(join(appDir, 'src'))
    await writeFile(
      join(appDir, 'package.json'),
      JSON.stringify({ name: 'consumer-app', private: true, type: 'module', allowScripts: { esbuild: true }, dependencies: { 'vue-sse-alarms': `file:${tarball}`, ...(await peerRanges()) } }, null, 2),
    )
    // What `npm create vue@latest` would have made; the Quick start's own files are written over it.
    await writeFile(join(appDir, 'index.html'), '<div id="app"></div><script type="module" src="/src/main.ts"></script>')
    await writeFile(join(appDir, 'src/env.d.ts'), '/// <reference types="vite/client" />\n')
    await writeFile(
      join(appDir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: false, verbatimModuleSyntax: true, lib: ['ES2022', 'DOM'] }, include: ['src/**/*.ts', 'src/**/*.vue'] }),
    )
    await writeFile(join(appDir, 'vite.config.ts'), "import vue from '@vitejs/plugin-vue'\nexport default { plugins: [vue()] }\n")
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
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: appDir })
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
  it('is a whole app: every code block names its file, and main.ts, App.vue, auth.ts and router.ts are there', async () => {
    const paths = (await readmeQuickStart()).map((file) => file.path)
    expect(paths).toEqual(expect.arrayContaining(['src/main.ts', 'src/App.vue', 'src/auth.ts', 'src/router.ts']))
  })

  it('refuses a code block that does not name its file, so no snippet escapes the build', () => {
    const readme = ['## Quick start', '```ts', "// src/main.ts", 'export {}', '```', '```ts', 'connect()', '```', '## Next'].join('\n')
    expect(() => quickStartFiles(readme)).toThrow('does not name its file')
  })

  it('takes only the blocks between its heading and the next one', () => {
    const readme = ['## Install', '```ts', '// src/other.ts', '```', '## Quick start', '```vue', '<!-- src/App.vue -->', '<template />', '```', '## Next', '```ts', '// src/later.ts', '```'].join('\n')
    expect(quickStartFiles(readme)).toEqual([{ path: 'src/App.vue', content: '<!-- src/App.vue -->\n<template />\n' }])
  })
})
