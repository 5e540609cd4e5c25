import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCommand as run } from '../helpers/run-command'
import { npmInstall } from '../helpers/npm-install'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Versions the throwaway app takes from the registry: the same majors this package declares as peers. */
async function peerRanges(extraDevDependencies: readonly string[]): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const dev = pkg.devDependencies
  return {
    ...pkg.peerDependencies,
    ...Object.fromEntries(['vite', '@vitejs/plugin-vue', 'typescript', 'vue-tsc', ...extraDevDependencies].map((name) => [name, dev[name]!])),
    // The Quick start's router: the app brings it, this package does not depend on it.
    'vue-router': '^5.0.0',
  }
}

export interface ConsumerApp {
  dir: string
  tarball: string
}

/**
 * Packs this package and installs the tarball into a fresh Vue + Vite app with its peers from the registry, laid
 * out as `npm create vue@latest` makes it (TypeScript, Router). `extraDevDependencies` come at this repository's
 * versions (e.g. the query libraries a docs recipe uses). Remove `dir` when done.
 */
export async function createConsumerApp(extraDevDependencies: readonly string[] = []): Promise<ConsumerApp> {
  const dir = await mkdtemp(join(tmpdir(), 'vue-sse-alarms-consumer-'))
  // Built here rather than by `prepack`, whose build log would share stdout with the JSON.
  await run('npm', ['run', 'build'], { cwd: projectRoot })
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: projectRoot })
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
  const tarball = join(dir, packed!.filename)
  await mkdir(join(dir, 'src'))
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer-app', private: true, type: 'module', allowScripts: { esbuild: true }, dependencies: { 'vue-sse-alarms': `file:${tarball}`, ...(await peerRanges(extraDevDependencies)) } }, null, 2),
  )
  await writeFile(join(dir, 'index.html'), '<div id="app"></div><script type="module" src="/src/main.ts"></script>')
  await writeFile(join(dir, 'src/env.d.ts'), '/// <reference types="vite/client" />\n')
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: STRICT_OPTIONS, include: ['src/**/*.ts', 'src/**/*.vue'] }))
  await writeFile(join(dir, 'vite.config.ts'), "import vue from '@vitejs/plugin-vue'\nexport default { plugins: [vue()] }\n")
  await npmInstall({ cwd: dir })
  return { dir, tarball }
}

export const STRICT_OPTIONS = { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: false, verbatimModuleSyntax: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'] }
