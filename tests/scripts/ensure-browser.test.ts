import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_BROWSER_MESSAGE } from '../../scripts/find-browser.mjs'
import { createScratch, nowhereEnv, runScript, writeExecutable, type ScratchFolders } from './fixtures'
import { fakeDebian } from '../helpers/fake-debian'

const runEnsure = (env: Record<string, string>, args: string[] = []) => runScript('ensure-browser.mjs', env, args)

let scratch: ScratchFolders
/** No browser anywhere the finder looks. */
let nowhere: Record<string, string>

beforeAll(async () => {
  scratch = await createScratch('ensure-browser-')
  nowhere = await nowhereEnv(scratch)
})
afterAll(() => scratch.remove())

/** A machine with apt-get and no browser. */
const fakeApt = () => fakeDebian(scratch, nowhere)

describe('scripts/ensure-browser.mjs', () => {
  it('prints the browser it finds and installs nothing', async () => {
    const debian = await fakeApt()
    const chromium = await writeExecutable(debian.chromium)
    expect(await runEnsure(debian.env)).toEqual({ code: 0, stdout: `${chromium}\n`, stderr: '' })
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('exits 1 with exactly one line on stderr when there is no browser and installing is switched off', async () => {
    const debian = await fakeApt()
    const result = await runEnsure({ ...debian.env, ENSURE_BROWSER_NO_INSTALL: '1' })
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${NO_BROWSER_MESSAGE}\n` })
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('exits 1 with exactly one line on stderr when there is no browser and no apt-get', async () => {
    expect(await runEnsure(nowhere)).toEqual({ code: 1, stdout: '', stderr: `${NO_BROWSER_MESSAGE}\n` })
  })

  it("installs Debian's chromium non-interactively with apt-get, then uses it", async () => {
    const debian = await fakeApt()
    const result = await runEnsure(debian.env)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${debian.chromium}\n`)
    expect(await readFile(debian.aptLog, 'utf8')).toBe('noninteractive update -qq\nnoninteractive install -y -qq chromium\n')
  })

  it('exits 1 naming the apt-get step that failed', async () => {
    const debian = await fakeApt()
    const result = await runEnsure({ ...debian.env, APT_FAILS: '1' })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`apt-get install -y -qq chromium failed. ${NO_BROWSER_MESSAGE}\n`)
  })

  it('refuses a CHROMIUM_PATH that is not an executable, without installing anything', async () => {
    const debian = await fakeApt()
    const missing = join(await scratch.folder('nothing'), 'chrome')
    const result = await runEnsure({ ...debian.env, CHROMIUM_PATH: missing })
    expect(result).toEqual({ code: 1, stdout: '', stderr: `CHROMIUM_PATH is set to ${missing}, which is not an executable file\n` })
    expect(existsSync(debian.aptLog)).toBe(false)
  })

  it('runs a given command with CHROMIUM_PATH set to the browser and ends with its exit status', async () => {
    const debian = await fakeApt()
    const chromium = await writeExecutable(debian.chromium)
    const script = 'process.stdout.write(process.env.CHROMIUM_PATH); process.exit(7)'
    const result = await runEnsure(debian.env, [process.execPath, '-e', script])
    expect(result.code).toBe(7)
    expect(result.stdout).toBe(chromium)
    expect(result.stderr).toBe(`Chromium for the browser tests: ${chromium}\n`)
  })
})
