// A Node.js binary of a given major version for the tests that run the package on other Node releases.
//   node scripts/ensure-node.mjs <major>      prints the path of bin/node, downloading it first if needed
// The binary comes only from the npm registry, through npm itself: the package `node-<platform>-<arch>@<major>`
// (Node's own release, as `bin/node` plus `include/` headers). It is unpacked once into a cache folder that
// git ignores and `npm test` keeps between runs; a later call finds it there and touches no network.
// Types: ensure-node.d.mts.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { isExecutableFile, isMainModule } from './find-browser.mjs'

const execFileAsync = promisify(execFile)

/** Where unpacked releases live unless ENSURE_NODE_CACHE says otherwise: one folder per major version. */
export const DEFAULT_NODE_CACHE = fileURLToPath(new URL('../node_modules/.cache/vue-sse-alarms', import.meta.url))

/** A Node release that cannot be had: the message is one line saying why. */
export class EnsureNodeError extends Error {
  name = 'EnsureNodeError'
}

/** The registry package holding Node for this machine. */
export function nodePackageName(platform = process.platform, arch = process.arch) {
  return `node-${platform}-${arch}`
}

async function cachedRelease(folder) {
  const binary = join(folder, 'bin/node')
  if (!isExecutableFile(binary)) return null
  try {
    const { version } = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'))
    return { binary, version }
  } catch {
    return null
  }
}

/** The line of a failed command's output that says why: npm's first `npm error` line past its error code. */
function reasonOf(error) {
  const lines = (`${error.stderr ?? ''}`.trim() || `${error.message ?? error}`).split('\n').filter(Boolean)
  const reasons = lines.filter((line) => !/^npm error (code |A complete log)/.test(line))
  return reasons[0] ?? lines[0] ?? 'no output'
}

async function download(spec, folder, { npm, log }) {
  await mkdir(join(folder, '..'), { recursive: true })
  // Unpacked beside the cache folder and moved in whole, so a run stopped halfway leaves nothing that looks cached.
  const staging = await mkdtemp(`${folder}.partial-`)
  try {
    let packed
    try {
      const { stdout } = await execFileAsync(npm, ['pack', spec, '--json', '--pack-destination', staging], { maxBuffer: 16 * 1024 * 1024 })
      packed = JSON.parse(stdout)[0]
    } catch (error) {
      throw new EnsureNodeError(`Cannot get ${spec} from the npm registry: ${reasonOf(error)}`)
    }
    log(`Downloading Node ${packed.version} (${spec}) from the npm registry into ${folder}`)
    const unpacked = join(staging, 'package')
    await mkdir(unpacked)
    try {
      // The binary and its headers; the docs and changelog are left in the tarball.
      await execFileAsync('tar', ['-xzf', join(staging, packed.filename), '-C', unpacked, '--strip-components=1', 'package/package.json', 'package/bin', 'package/include'])
    } catch (error) {
      throw new EnsureNodeError(`Cannot unpack ${packed.filename}: ${reasonOf(error)}`)
    }
    try {
      await rename(unpacked, folder)
    } catch (error) {
      // Another run unpacked the same release first; its copy is as good as this one.
      if (!existsSync(folder)) throw error
    }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/**
 * The `bin/node` of Node `<major>`, from the cache or else downloaded with `npm pack`.
 * @param {number} major e.g. 24
 * @param {{ cacheDir?: string, npm?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ binary: string, version: string }>}
 * @throws EnsureNodeError with a one-line message when npm cannot fetch or the tarball cannot be unpacked
 */
export async function ensureNode(major, options = {}) {
  if (!Number.isInteger(major) || major <= 0) throw new EnsureNodeError(`Not a Node major version: ${major}`)
  const cacheDir = options.cacheDir ?? process.env.ENSURE_NODE_CACHE ?? DEFAULT_NODE_CACHE
  const folder = join(cacheDir, `node-${major}`)
  const cached = await cachedRelease(folder)
  if (cached) return cached
  await rm(folder, { recursive: true, force: true })
  await download(`${nodePackageName()}@${major}`, folder, {
    npm: options.npm ?? 'npm',
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  })
  const release = await cachedRelease(folder)
  if (!release) throw new EnsureNodeError(`${nodePackageName()}@${major} holds no bin/node`)
  return release
}

if (isMainModule(import.meta.url)) {
  try {
    const { binary } = await ensureNode(Number(process.argv[2]))
    process.stdout.write(`${binary}\n`)
  } catch (error) {
    if (!(error instanceof EnsureNodeError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exitCode = 1
  }
}
