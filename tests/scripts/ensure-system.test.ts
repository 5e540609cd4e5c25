import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingMessage } from '../../scripts/ensure-system.mjs'
import { createScratch, nowhereEnv, runScript, writeExecutable, type ScratchFolders } from './fixtures'

const runEnsure = (env: Record<string, string>, args: string[] = []) => runScript('ensure-system.mjs', env, args)

const ALL = ['chromium', 'nginx', 'libnginx-mod-nchan', 'redis-server']

/** An nginx that reports the modules folder it was built with, as `nginx -V` does (on stderr). */
const fakeNginx = (modules: string) => `#!/bin/sh\necho "configure arguments: --prefix=/usr/share/nginx --modules-path=${modules}" >&2\n`

/**
 * A stand-in for apt-get: logs `DEBIAN_FRONTEND` and its arguments to APT_LOG; `install` puts each named package
 * where the script looks (FAKE_CHROMIUM, FAKE_NGINX, FAKE_MODULES, FAKE_REDIS), or fails when APT_FAILS is set.
 */
const FAKE_APT_GET = `#!${process.execPath}
const fs = require('node:fs')
const path = require('node:path')
fs.appendFileSync(process.env.APT_LOG, process.env.DEBIAN_FRONTEND + ' ' + process.argv.slice(2).join(' ') + '\\n')
if (process.argv[2] !== 'install') process.exit(0)
if (process.env.APT_FAILS) process.exit(100)
const put = (file, content) => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, content, { mode: 0o755 })
}
for (const name of process.argv.slice(3).filter((arg) => !arg.startsWith('-'))) {
  if (name === 'chromium') put(process.env.FAKE_CHROMIUM, '#!/bin/sh\\n')
  if (name === 'nginx') put(process.env.FAKE_NGINX, ${JSON.stringify(fakeNginx('MODULES'))}.replace('MODULES', process.env.FAKE_MODULES))
  if (name === 'libnginx-mod-nchan') put(path.join(process.env.FAKE_MODULES, 'ngx_nchan_module.so'), '')
  if (name === 'redis-server') put(process.env.FAKE_REDIS, '#!/bin/sh\\n')
}
`

/** A stand-in for passwordless sudo, for a non-root run: drops -n, exports VAR=value arguments, runs the rest. */
const FAKE_SUDO = `#!/bin/sh
[ "$1" = -n ] && shift
while [ $# -gt 0 ]; do case "$1" in *=*) export "$1"; shift ;; *) break ;; esac; done
"$@"
`

let scratch: ScratchFolders
let nowhere: Record<string, string>

beforeAll(async () => {
  scratch = await createScratch('ensure-system-')
  nowhere = await nowhereEnv(scratch)
})
afterAll(() => scratch.remove())

/** A machine with apt-get and none of the packages; `present` are there already. */
async function fakeDebian(present: string[] = []) {
  const bin = await scratch.folder('system-bin')
  await writeExecutable(join(bin, 'apt-get'), FAKE_APT_GET)
  await writeExecutable(join(bin, 'sudo'), FAKE_SUDO)
  const browserBin = await scratch.folder('browser-bin')
  const sbin = await scratch.folder('sbin')
  const modules = join(await scratch.folder('nginx'), 'modules')
  const aptLog = join(await scratch.folder('log'), 'apt.log')
  const env = {
    ...nowhere,
    PATH: bin,
    BROWSER_SEARCH_PATH: browserBin,
    SYSTEM_SEARCH_PATH: sbin,
    APT_LOG: aptLog,
    FAKE_CHROMIUM: join(browserBin, 'chromium'),
    FAKE_NGINX: join(sbin, 'nginx'),
    FAKE_MODULES: modules,
    FAKE_REDIS: join(sbin, 'redis-server'),
  }
  if (present.includes('chromium')) await writeExecutable(env.FAKE_CHROMIUM)
  if (present.includes('nginx')) await writeExecutable(env.FAKE_NGINX, fakeNginx(modules))
  if (present.includes('libnginx-mod-nchan')) await writeExecutable(join(modules, 'ngx_nchan_module.so'), '')
  if (present.includes('redis-server')) await writeExecutable(env.FAKE_REDIS)
  return { env, aptLog }
}

describe('scripts/ensure-system.mjs', () => {
  it('prints the browser it finds and installs nothing when every package is there', async () => {
    const debian = await fakeDebian(ALL)
    expect(await runEnsure(debian.env)).toEqual({ code: 0, stdout: `${debian.env.FAKE_CHROMIUM}\n`, stderr: '' })
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('installs everything missing in one apt-get install, saying so in one line', async () => {
    const debian = await fakeDebian()
    const result = await runEnsure(debian.env)
    expect(result).toEqual({ code: 0, stdout: `${debian.env.FAKE_CHROMIUM}\n`, stderr: `Installing with apt-get what the tests need: ${ALL.join(', ')}\n` })
    expect(await readFile(debian.aptLog, 'utf8')).toBe(`noninteractive update -qq\nnoninteractive install -y -qq ${ALL.join(' ')}\n`)
  })

  it("installs only nchan when nginx is there without it (found in nginx's own modules path)", async () => {
    const debian = await fakeDebian(['chromium', 'nginx', 'redis-server'])
    const result = await runEnsure(debian.env)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('Installing with apt-get what the tests need: libnginx-mod-nchan\n')
    expect(await readFile(debian.aptLog, 'utf8')).toBe('noninteractive update -qq\nnoninteractive install -y -qq libnginx-mod-nchan\n')
  })

  it('exits 1 with exactly one line naming what is missing when installing is switched off', async () => {
    const debian = await fakeDebian(['chromium'])
    const result = await runEnsure({ ...debian.env, ENSURE_SYSTEM_NO_INSTALL: '1' })
    const line = missingMessage(['nginx', 'libnginx-mod-nchan', 'redis-server'])
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${line}\n` })
    expect(line).toBe(
      'Missing system packages the tests drive: nginx, libnginx-mod-nchan, redis-server. Install them (Debian/Ubuntu: sudo apt-get install nginx libnginx-mod-nchan redis-server)',
    )
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('exits 1 with exactly one line when there is no apt-get', async () => {
    const debian = await fakeDebian(['chromium', 'nginx', 'libnginx-mod-nchan'])
    const result = await runEnsure({ ...debian.env, PATH: nowhere.PATH ?? '' })
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${missingMessage(['redis-server'])}\n` })
  })

  it('exits 1 naming the apt-get step that failed', async () => {
    const debian = await fakeDebian(['chromium', 'nginx', 'libnginx-mod-nchan'])
    const result = await runEnsure({ ...debian.env, APT_FAILS: '1' })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`apt-get install -y -qq redis-server failed. ${missingMessage(['redis-server'])}`)
  })

  it("runs a given command with CHROMIUM_PATH set and nginx's folder on PATH, ending with its exit status", async () => {
    const debian = await fakeDebian(ALL)
    const script = 'process.stdout.write(JSON.stringify([process.env.CHROMIUM_PATH, process.env.PATH])); process.exit(7)'
    const result = await runEnsure(debian.env, [process.execPath, '-e', script])
    expect(result.code).toBe(7)
    expect(JSON.parse(result.stdout)).toEqual([debian.env.FAKE_CHROMIUM, [debian.env.PATH, debian.env.SYSTEM_SEARCH_PATH].join(delimiter)])
    expect(result.stderr).toBe(`Chromium for the browser tests: ${debian.env.FAKE_CHROMIUM}\n`)
  })
})
