import { join } from 'node:path'
import { writeExecutable, type ScratchFolders } from '../scripts/fixtures'

/** What the fake apt-get can install, each put where the scripts of scripts/ look for it. */
export type FakePackage = 'chromium' | 'nginx' | 'libnginx-mod-nchan' | 'redis-server'

/** An nginx that reports the modules folder it was built with, as `nginx -V` does (on stderr). */
const fakeNginx = (modules: string) => `#!/bin/sh\necho "configure arguments: --prefix=/usr/share/nginx --modules-path=${modules}" >&2\n`

/**
 * A stand-in for apt-get: logs `DEBIAN_FRONTEND` and its arguments to APT_LOG; `install` puts each named package
 * where the scripts look (FAKE_CHROMIUM, FAKE_NGINX, FAKE_MODULES, FAKE_REDIS), or fails when APT_FAILS is set.
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

export interface FakeDebian {
  /** `base` with PATH holding only apt-get and sudo, the folders the scripts search, and where installs land. */
  env: Record<string, string>
  /** What apt-get was asked, one line per call; absent when it never ran. */
  aptLog: string
  /** Where chromium is, once installed or when present from the start. */
  chromium: string
}

/**
 * A Debian machine in scratch folders: apt-get (logging every call) and sudo on PATH, none of the packages
 * except `present`. `base` is the rest of the environment, usually one where no browser is found.
 */
export async function fakeDebian(scratch: ScratchFolders, base: Record<string, string>, present: FakePackage[] = []): Promise<FakeDebian> {
  const bin = await scratch.folder('system-bin')
  await writeExecutable(join(bin, 'apt-get'), FAKE_APT_GET)
  await writeExecutable(join(bin, 'sudo'), FAKE_SUDO)
  const browserBin = await scratch.folder('browser-bin')
  const sbin = await scratch.folder('sbin')
  const modules = join(await scratch.folder('nginx'), 'modules')
  const aptLog = join(await scratch.folder('log'), 'apt.log')
  const env = {
    ...base,
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
  return { env, aptLog, chromium: env.FAKE_CHROMIUM }
}
