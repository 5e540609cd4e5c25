import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { describe, expect, it } from 'vitest'
import { runCommand as run } from '../helpers/run-command'
import { apiReport, exportedNames, type ExportedName } from './api-surface'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The tarball and the app it is installed in, both made by the caller's `beforeAll`. */
export interface PackedPackage {
  tarball: string
  appDir: string
}

interface Manifest {
  exports: Record<string, string | { types?: string; import?: string }>
}

/** Every entry of package.json `exports` that has types: `.`, `./stream`, `./nuxt`, and any added later. */
async function typedEntries(): Promise<Array<{ entry: string; types: string; reportName: string }>> {
  const manifest = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as Manifest
  return Object.entries(manifest.exports).flatMap(([entry, target]) =>
    typeof target === 'object' && target.types
      ? [{ entry, types: target.types, reportName: entry === '.' ? 'index' : entry.replace(/^\.\//, '').replaceAll('/', '-') }]
      : [],
  )
}

// attw's `esm-only` profile: the package is ESM-only, so CommonJS `require` (node16-cjs) and the pre-exports
// resolution (node10) are not expected to work.
const IGNORED_RESOLUTIONS = new Set(['node10', 'node16-cjs'])

/** Kinds of export that exist at run time; the rest are types only. */
const RUNTIME_KINDS = new Set<ExportedName['kind']>(['const', 'function', 'class', 'enum'])

interface AttwReport {
  analysis: { entrypoints: Record<string, unknown>; problems?: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> }
}

/** The checks a package gets before publishing, run on the tarball users install. */
export function describePublishedPackage(packed: () => PackedPackage): void {
  let published: Promise<Array<{ entry: string; reportName: string; names: ExportedName[] }>> | undefined
  // One compile per entry of the installed declarations, shared by the API checks below.
  const publishedApi = () =>
    (published ??= typedEntries().then((entries) =>
      entries.map(({ entry, types, reportName }) => ({ entry, reportName, names: exportedNames(join(packed().appDir, 'node_modules/vue-sse-alarms', types)) })),
    ))

  describe('what the tarball publishes', () => {
    it('holds only dist/, README.md, LICENSE, CHANGELOG.md and package.json', async () => {
      const { stdout } = await run('tar', ['-tzf', packed().tarball], { cwd: projectRoot })
      const topLevel = new Set(stdout.split('\n').filter(Boolean).map((path) => path.replace(/^package\//, '').split('/')[0]))
      expect([...topLevel].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json'])
    })

    it('has types that resolve for every entry under node16, nodenext and bundlers (are-the-types-wrong, esm-only)', async () => {
      const entries = (await typedEntries()).map(({ entry }) => entry)
      const { stdout } = await run('npx', ['attw', packed().tarball, '--profile', 'esm-only', '--format', 'json', '--entrypoints', ...entries], {
        cwd: projectRoot,
      })
      const { analysis } = JSON.parse(stdout) as AttwReport
      expect(Object.keys(analysis.entrypoints).sort()).toEqual([...entries].sort())
      const problems = (analysis.problems ?? []).filter((problem) => !IGNORED_RESOLUTIONS.has(problem.resolutionKind ?? ''))
      expect(problems).toEqual([])
    }, 120_000)

    it('passes publint with no error, warning or suggestion', async () => {
      const tarball = await readFile(packed().tarball)
      const { messages, pkg } = await publint({ pack: { tarball: new Uint8Array(tarball).buffer }, level: 'suggestion', strict: true })
      expect(messages.map((message) => formatMessage(message, pkg) ?? message.code)).toEqual([])
    })

    it('type-checks a Node script on moduleResolution nodenext that imports the stream and main entries', async () => {
      const dir = join(packed().appDir, 'node-script')
      await mkdir(dir, { recursive: true })
      await writeFile(
        join(dir, 'watch.ts'),
        [
          "import { openAlarmStream, DEFAULT_RETRY, type AlarmStreamStatus } from 'vue-sse-alarms/stream'",
          "import { parseAlarm, type Alarm } from 'vue-sse-alarms'",
          '',
          "let status: AlarmStreamStatus = 'connecting'",
          'const received: Alarm[] = []',
          'const stream = openAlarmStream({',
          "  url: 'http://127.0.0.1:8787/api/subscribe',",
          "  getToken: () => 'token',",
          '  retry: { maxMs: DEFAULT_RETRY.maxMs },',
          '  onStatus: (next) => { status = next },',
          '  onEvent: ({ data }) => { const alarm = parseAlarm(JSON.parse(data)); if (alarm) received.push(alarm) },',
          '})',
          'stream.close()',
          'export { status, received }',
          '',
        ].join('\n'),
      )
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'], types: [] },
          files: ['watch.ts'],
        }),
      )
      const { stdout, stderr } = await run('npx', ['tsc', '-p', 'node-script/tsconfig.json'], { cwd: packed().appDir })
      expect(`${stdout}${stderr}`).not.toMatch(/error TS/)
    }, 120_000)
  })

  describe('the public API', () => {
    it('matches the checked-in API report of every entry (etc/*.api.md)', async () => {
      for (const { entry, reportName, names } of await publishedApi()) {
        await expect(apiReport(entry, names), entry).toMatchFileSnapshot(join(projectRoot, 'etc', `${reportName}.api.md`))
      }
    }, 60_000)

    it('has a doc comment on every export of every entry', async () => {
      const entries = await publishedApi()
      const undocumented = entries.flatMap(({ entry, names }) => names.filter((name) => !name.documented).map((name) => `${entry} ${name.name}`))
      expect(entries.flatMap(({ names }) => names).length).toBeGreaterThan(0)
      expect(undocumented).toEqual([])
    }, 60_000)

    it('declares exactly the values each entry exports at run time', async () => {
      for (const { entry, names } of await publishedApi()) {
        const specifier = entry === '.' ? 'vue-sse-alarms' : `vue-sse-alarms/${entry.slice(2)}`
        const script = `console.log(JSON.stringify(Object.keys(await import('${specifier}')).sort()))`
        const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: packed().appDir })
        const declared = names.filter((name) => RUNTIME_KINDS.has(name.kind)).map((name) => name.name)
        expect(JSON.parse(stdout) as string[], entry).toEqual(declared.sort())
      }
    }, 120_000)

    it('documents every runtime export in docs/api/exports.md', async () => {
      const page = await readFile(join(projectRoot, 'docs/api/exports.md'), 'utf8')
      const runtime = (await publishedApi()).flatMap(({ entry, names }) =>
        names.filter((name) => RUNTIME_KINDS.has(name.kind)).map((name) => ({ entry, name: name.name })),
      )
      expect(runtime.length).toBeGreaterThan(0)
      expect(runtime.filter(({ name }) => !page.includes(`\`${name}\``)).map(({ entry, name }) => `${entry} ${name}`)).toEqual([])
    }, 60_000)
  })
}
