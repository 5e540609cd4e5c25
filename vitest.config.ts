import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default defineConfig((env) =>
  mergeConfig(viteConfig(env), {
    test: {
      // fetch-event-source ships its ESM build without "type": "module"; inline it so Node can load the parse stages.
      server: { deps: { inline: ['@microsoft/fetch-event-source'] } },
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['tests/**/*.test.ts'],
            exclude: ['tests/e2e/**', 'tests/package/**', 'tests/compat/**', 'tests/nuxt/app.test.ts', 'tests/nuxt/nuxt4.test.ts', 'tests/nuxt/fixture/**'],
            environment: 'node',
            testTimeout: 20_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            // The Nuxt app and compat tests install the tarball the global setup packed, and build apps of their own:
            // one at a time, never two builds on two cores at once, and never two writing dist/.
            include: ['tests/e2e/**/*.test.ts', 'tests/package/**/*.test.ts', 'tests/nuxt/app.test.ts', 'tests/nuxt/nuxt4.test.ts', 'tests/compat/**/*.test.ts'],
            environment: 'node',
            globalSetup: ['tests/e2e/global-setup.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  }),
)
