import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthOption } from '../../server/index'
import { chromiumPerSuite } from '../helpers/chromium-per-suite'
import { runCommand as run } from '../helpers/run-command'
import { createTestApiClient } from '../helpers/test-api-client'
import { startTestApi } from '../helpers/test-server'
import { createConsumerApp, projectRoot, STRICT_OPTIONS } from '../package/consumer-app'
import { eventually } from '../e2e/demo-page'
import { codeBlocks } from './markdown-blocks'

/** What the docs' code imports besides this package and its peers: installed at this repository's versions. */
const DOCS_DEPENDENCIES = ['@tanstack/vue-query', '@pinia/colada', 'vitest', '@vue/test-utils', '@pinia/testing', 'happy-dom']

/** Each auth page's app against the test API in the matching mode. */
const AUTH_PAGES: Array<{ page: string; auth: AuthOption; csrf?: boolean }> = [
  { page: 'docs/auth/bearer.md', auth: 'bearer' },
  { page: 'docs/auth/raw-token.md', auth: 'raw' },
  { page: 'docs/auth/custom-header.md', auth: 'header:X-Auth-Token' },
  { page: 'docs/auth/cookie.md', auth: 'cookie', csrf: true },
]

async function markdownPages(): Promise<string[]> {
  const docs = (await readdir(join(projectRoot, 'docs'), { recursive: true })) as string[]
  return ['README.md', ...docs.filter((file) => file.endsWith('.md') && !file.startsWith('.vitepress')).map((file) => `docs/${file}`)].sort()
}

/** `docs/auth/bearer.md` → `pages/docs-auth-bearer`: one folder per page, so each page's blocks form one app. */
const pageFolder = (page: string) => `pages/${page.replace(/\.md$/, '').replace(/[/\\]/g, '-')}`

let appDir = ''
const counts = { checked: 0, partial: 0, pages: 0 }
/** Every file written, as `pages/<page>/<path>`. */
const written: string[] = []

beforeAll(async () => {
  appDir = (await createConsumerApp(DOCS_DEPENDENCIES)).dir
  for (const page of await markdownPages()) {
    const blocks = codeBlocks(await readFile(join(projectRoot, page), 'utf8'))
    const folder = pageFolder(page)
    let unnamed = 0
    for (const block of blocks) {
      if (block.partial) {
        counts.partial++
        continue
      }
      counts.checked++
      const path = `${folder}/${block.path ?? `snippet-${++unnamed}.${block.lang}`}`
      if (written.includes(path)) throw new Error(`${page}: two code blocks name ${block.path}`)
      written.push(path)
      await mkdir(dirname(join(appDir, path)), { recursive: true })
      await writeFile(join(appDir, path), block.content)
    }
    if (blocks.length) counts.pages++
  }
  // Every file a module of its own (a snippet with no import would otherwise share one global scope with the rest).
  await writeFile(
    join(appDir, 'tsconfig.snippets.json'),
    JSON.stringify({ compilerOptions: { ...STRICT_OPTIONS, moduleDetection: 'force', types: ['vite/client'] }, include: ['pages/**/*.ts', 'pages/**/*.vue'] }),
  )
}, 400_000)

afterAll(async () => {
  if (appDir) await rm(appDir, { recursive: true, force: true })
})

describe('the code blocks of README.md and docs/', () => {
  it('type-check strictly against the packed package, each page as one app', async () => {
    console.log(`docs snippets: ${counts.checked} checked, ${counts.partial} partial, from ${counts.pages} pages`)
    expect(counts.checked).toBeGreaterThanOrEqual(20)
    const output = await run('npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.snippets.json'], { cwd: appDir }).then(
      ({ stdout, stderr }) => `${stdout}${stderr}`,
      (error: Error) => error.message,
    )
    expect(output).not.toMatch(/error TS|failed:/)
  }, 240_000)

  it('run the test file of the testing page with Vitest in the app', async () => {
    const tests = written.filter((path) => path.endsWith('.test.ts'))
    expect(tests.length).toBeGreaterThanOrEqual(1)
    // Plain text, so the summary line can be read.
    const { FORCE_COLOR: _forced, ...env } = process.env
    const { stdout } = await run('npx', ['vitest', 'run', '--environment', 'happy-dom', ...tests], { cwd: appDir, env: { ...env, NO_COLOR: '1' } })
    expect(stdout).toMatch(/Tests\s+\d+ passed/)
    expect(stdout).not.toMatch(/failed/)
  }, 180_000)
})

describe.each(AUTH_PAGES)('the app of $page', ({ page, auth, csrf }) => {
  const browser = chromiumPerSuite()

  it(`signs in, shows a live alarm and signs out against the test API with --auth ${auth}${csrf ? ' --csrf' : ''}`, async () => {
    const folder = join(appDir, pageFolder(page))
    expect(written.filter((path) => path.startsWith(relative(appDir, folder))).map((path) => relative(relative(appDir, folder), path)).sort()).toEqual(['src/App.vue', 'src/auth.ts', 'src/main.ts'])
    await writeFile(join(folder, 'index.html'), '<div id="app"></div><script type="module" src="/src/main.ts"></script>')
    await run('npx', ['vite', 'build', folder, '--config', 'vite.config.ts', '--logLevel', 'warn'], { cwd: appDir })
    const api = await startTestApi({ staticDir: join(folder, 'dist'), auth, csrf })
    const context = await browser().newContext()
    try {
      const client = createTestApiClient(api.url)
      const pageInBrowser = await context.newPage()
      const problems: string[] = []
      pageInBrowser.on('pageerror', (error) => problems.push(error.message))
      const userId = 700 + AUTH_PAGES.findIndex((item) => item.page === page)
      const openStreams = async () => (await client.stats()).openStreams[String(userId)] ?? 0
      await pageInBrowser.goto(api.url)
      await pageInBrowser.getByLabel('User id').fill(String(userId))
      await pageInBrowser.getByRole('button', { name: 'Sign in' }).click()
      await eventually(openStreams, 15_000).toBe(1)

      await client.publish(userId, { content: `hello from ${page}` })
      await eventually(() => pageInBrowser.getByRole('button', { name: /^Alarms/ }).getAttribute('aria-label')).toBe('Alarms, 1 unread')

      await pageInBrowser.getByRole('button', { name: 'Sign out' }).click()
      await eventually(openStreams).toBe(0)
      await pageInBrowser.getByRole('button', { name: 'Sign in' }).waitFor()
      const { requestLog } = await client.stats()
      // The app's own logout carries the CSRF token the server demands.
      if (csrf) expect(requestLog.filter((entry) => entry.path === '/api/auth/logout').map((entry) => entry.status)).toEqual([204])
      expect(problems).toEqual([])
    } finally {
      await context.close()
      await api.close()
    }
  }, 120_000)
})
