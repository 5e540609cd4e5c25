import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { delimiter } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingMessage } from '../../scripts/ensure-system.mjs'
import { createScratch, nowhereEnv, runScript, type ScratchFolders } from './fixtures'
import { fakeDebian, type FakePackage } from '../helpers/fake-debian'

const runEnsure = (env: Record<string, string>, args: string[] = []) => runScript('ensure-system.mjs', env, args)

const ALL: FakePackage[] = ['chromium', 'nginx', 'libnginx-mod-nchan', 'redis-server']

let scratch: ScratchFolders
let nowhere: Record<string, string>

beforeAll(async () => {
  scratch = await createScratch('ensure-system-')
  nowhere = await nowhereEnv(scratch)
})
afterAll(() => scratch.remove())

/** A machine with apt-get and none of the packages; `present` are there already. */
const fakeApt = (present: FakePackage[] = []) => fakeDebian(scratch, nowhere, present)

describe('scripts/ensure-system.mjs', () => {
  it('prints the browser it finds and installs nothing when every package is there', async () => {
    const debian = await fakeApt(ALL)
    expect(await runEnsure(debian.env)).toEqual({ code: 0, stdout: `${debian.env.FAKE_CHROMIUM}\n`, stderr: '' })
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('installs everything missing in one apt-get install, saying so in one line', async () => {
    const debian = await fakeApt()
    const result = await runEnsure(debian.env)
    expect(result).toEqual({ code: 0, stdout: `${debian.env.FAKE_CHROMIUM}\n`, stderr: `Installing with apt-get what the tests need: ${ALL.join(', ')}\n` })
    expect(await readFile(debian.aptLog, 'utf8')).toBe(`noninteractive update -qq\nnoninteractive install -y -qq ${ALL.join(' ')}\n`)
  })

  it("installs only nchan when nginx is there without it (found in nginx's own modules path)", async () => {
    const debian = await fakeApt(['chromium', 'nginx', 'redis-server'])
    const result = await runEnsure(debian.env)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('Installing with apt-get what the tests need: libnginx-mod-nchan\n')
    expect(await readFile(debian.aptLog, 'utf8')).toBe('noninteractive update -qq\nnoninteractive install -y -qq libnginx-mod-nchan\n')
  })

  it('exits 1 with exactly one line naming what is missing when installing is switched off', async () => {
    const debian = await fakeApt(['chromium'])
    const result = await runEnsure({ ...debian.env, ENSURE_SYSTEM_NO_INSTALL: '1' })
    const line = missingMessage(['nginx', 'libnginx-mod-nchan', 'redis-server'])
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${line}\n` })
    expect(line).toBe(
      'Missing system packages the tests drive: nginx, libnginx-mod-nchan, redis-server. Install them (Debian/Ubuntu: sudo apt-get install nginx libnginx-mod-nchan redis-server)',
    )
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('exits 1 with exactly one line when there is no apt-get', async () => {
    const debian = await fakeApt(['chromium', 'nginx', 'libnginx-mod-nchan'])
    const result = await runEnsure({ ...debian.env, PATH: nowhere.PATH ?? '' })
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${missingMessage(['redis-server'])}\n` })
  })

  it('exits 1 naming the apt-get step that failed', async () => {
    const debian = await fakeApt(['chromium', 'nginx', 'libnginx-mod-nchan'])
    const result = await runEnsure({ ...debian.env, APT_FAILS: '1' })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`apt-get install -y -qq redis-server failed. ${missingMessage(['redis-server'])}`)
  })

  it("runs a given command with CHROMIUM_PATH set and nginx's folder on PATH, ending with its exit status", async () => {
    const debian = await fakeApt(ALL)
    const script = 'process.stdout.write(JSON.stringify([process.env.CHROMIUM_PATH, process.env.PATH])); process.exit(7)'
    const result = await runEnsure(debian.env, [process.execPath, '-e', script])
    expect(result.code).toBe(7)
    expect(JSON.parse(result.stdout)).toEqual([debian.env.FAKE_CHROMIUM, [debian.env.PATH, debian.env.SYSTEM_SEARCH_PATH].join(delimiter)])
    expect(result.stderr).toBe(`Chromium for the browser tests: ${debian.env.FAKE_CHROMIUM}\n`)
  })
})
