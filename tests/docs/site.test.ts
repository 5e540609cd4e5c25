import { createServer, type Server } from 'node:http'
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type LaunchedBrowser } from '../helpers/browser'
import { runCommand } from '../helpers/run-command'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const siteDir = join(projectRoot, 'docs/.vitepress/dist')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2' }

/** The built site as a static host with clean URLs serves it: `/guide/store` is `guide/store.html`. */
function serveSite(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname)).replace(/^(\.\.[/\\])+/, '')
    for (const candidate of [path, `${path}.html`, join(path, 'index.html')]) {
      const body = await readFile(join(siteDir, candidate)).catch(() => null)
      if (!body) continue
      res.writeHead(200, { 'Content-Type': TYPES[extname(candidate)] ?? 'application/octet-stream' })
      res.end(body)
      return
    }
    res.writeHead(404).end()
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })))
}

async function pagePaths(): Promise<string[]> {
  const files = (await readdir(siteDir, { recursive: true })) as string[]
  return files
    .filter((file) => file.endsWith('.html') && file !== '404.html')
    .map((file) => `/${file.replace(/\\/g, '/').replace(/(index)?\.html$/, '')}`)
    .sort()
}

let site: { url: string; server: Server }
let launched: LaunchedBrowser

beforeAll(async () => {
  // The build itself fails on a dead link (VitePress's default), so reaching the pages proves there is none.
  await runCommand('npm', ['run', 'docs:build'], { cwd: projectRoot })
  site = await serveSite()
  launched = await launchChromium()
}, 180_000)

afterAll(async () => {
  await launched?.close()
  await new Promise((resolve) => site?.server.close(resolve))
})

describe('the docs site', () => {
  it('has the guide, every auth shape, the backend pages and the API reference', async () => {
    expect(await pagePaths()).toEqual(
      expect.arrayContaining(['/', '/guide/getting-started', '/auth/bearer', '/auth/raw-token', '/auth/custom-header', '/auth/cookie', '/backend/contract', '/backend/scaling', '/guide/stream', '/guide/refresh-on-alarm', '/guide/testing-apps', '/api/reference']),
    )
  })

  it('opens every page in Chromium with no console error, no failed request and a working sidebar link to it', async () => {
    const context = await launched.browser.newContext()
    const problems: string[] = []
    const page = await context.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: console: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${page.url()}: ${response.status()} ${response.url()}`)
    })
    const paths = await pagePaths()
    const linked = new Set<string>()
    for (const path of paths) {
      const response = await page.goto(`${site.url}${path}`, { waitUntil: 'networkidle' })
      expect(response?.status(), path).toBe(200)
      await page.locator('h1').first().waitFor()
      for (const href of await page.locator('a[href^="/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))) {
        linked.add(href.split('#')[0]!.replace(/\.html$/, ''))
      }
    }
    await context.close()
    expect(problems).toEqual([])
    // Every page but the home page is reachable from the navigation of some page.
    expect(paths.filter((path) => path !== '/' && !linked.has(path))).toEqual([])
    console.log(`docs site: ${paths.length} pages opened`)
  }, 180_000)
})
