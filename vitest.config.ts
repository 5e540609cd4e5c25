import { defineConfig, mergeConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'
import viteConfig from './vite.config.ts'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig((env) =>
  mergeConfig(viteConfig(env), {
    // Tests written as an app writes them (the docs' examples) import the package by name: served from the source.
    resolve: {
      alias: [
        { find: /^vue-sse-alarms$/, replacement: fromRoot('src/index.ts') },
        { find: /^vue-sse-alarms\/testing$/, replacement: fromRoot('src/testing/index.ts') },
      ],
    },
    test: {
      // `npm test` prints failures and a summary: one dot per test, not a line per file with every test over 300 ms
      // noted as slow (most browser and server tests take seconds by design). `--reporter=default` brings those back,
      // with only tests over 10 s called slow.
      reporters: ['dot'],
      slowTestThreshold: 10_000,
      // fetch-event-source ships its ESM build without "type": "module"; inline it so Node can load the parse stages.
      server: { deps: { inline: ['@microsoft/fetch-event-source'] } },
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['tests/**/*.test.ts'],
            exclude: ['tests/e2e/**', 'tests/package/**', 'tests/compat/**', 'tests/nuxt/app.test.ts', 'tests/nuxt/nuxt4.test.ts', 'tests/nuxt/fixture/**', 'tests/docs/site.test.ts', 'tests/docs/snippets.test.ts'],
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
            include: ['tests/e2e/**/*.test.ts', 'tests/package/**/*.test.ts', 'tests/nuxt/app.test.ts', 'tests/nuxt/nuxt4.test.ts', 'tests/compat/**/*.test.ts', 'tests/docs/site.test.ts', 'tests/docs/snippets.test.ts'],
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
