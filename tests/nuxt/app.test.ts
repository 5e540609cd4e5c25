import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describeNuxtApp } from './nuxt-checks'

const devDependencies = (JSON.parse(await readFile(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies

// The lowest Nuxt line the peers allow, on the lowest Node `engines` names: Nuxt 3.21 (Nuxt 3's last minor),
// @pinia/nuxt 0.11 and Pinia 3, the versions this project develops against.
describeNuxtApp(
  {
    name: 'Nuxt 3',
    nodeMajor: 20,
    layout: 'root',
    dependencies: async () => {
      const names = ['nuxt', '@pinia/nuxt', 'pinia', 'vue', 'axios', 'typescript', 'vue-tsc']
      return Object.fromEntries(names.map((name) => [name, devDependencies[name]!]))
    },
  },
  900,
)
