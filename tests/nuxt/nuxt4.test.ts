import { tmpdir } from 'node:os'
import { runCommand } from '../helpers/run-command'
import { describeNuxtApp } from './nuxt-checks'

/** The version a dist-tag (or range) names in the registry today. */
async function registryVersion(spec: string): Promise<string> {
  const { stdout } = await runCommand('npm', ['view', spec, 'version', '--json'], { cwd: tmpdir() })
  const versions = JSON.parse(stdout) as string | string[]
  return Array.isArray(versions) ? versions.at(-1)! : versions
}

// A Nuxt app made today: Nuxt, @pinia/nuxt, Pinia, Vue and axios at `latest` when the test runs, in Nuxt 4's app/
// layout, on Node 24 (fetched from the npm registry when this machine runs another release).
describeNuxtApp(
  {
    name: 'Nuxt 4 (latest)',
    nodeMajor: 24,
    layout: 'app',
    dependencies: async () => {
      const latest = ['nuxt', '@pinia/nuxt', 'pinia', 'vue', 'axios', 'vue-tsc']
      const versions = await Promise.all(latest.map((name) => registryVersion(`${name}@latest`)))
      return {
        ...Object.fromEntries(latest.map((name, index) => [name, versions[index]!])),
        // nuxi typecheck runs vue-tsc, which needs TypeScript's JavaScript API: TypeScript 7 (native) has none.
        typescript: await registryVersion('typescript@^6'),
      }
    },
  },
  1900,
)
