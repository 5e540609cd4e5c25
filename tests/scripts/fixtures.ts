import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Throwaway folders for one test file; `remove()` in `afterAll`. */
export interface ScratchFolders {
  /** A new empty folder under the scratch root. */
  folder(name: string): Promise<string>
  remove(): Promise<void>
}

export async function createScratch(prefix: string): Promise<ScratchFolders> {
  const root = await mkdtemp(join(tmpdir(), prefix))
  let count = 0
  return {
    async folder(name) {
      count += 1
      const path = join(root, `${count}-${name}`)
      await mkdir(path, { recursive: true })
      return path
    },
    remove: () => rm(root, { recursive: true, force: true }),
  }
}

/** Writes an executable file (a stand-in for a browser or a system command), creating its folders. */
export async function writeExecutable(path: string, content = '#!/bin/sh\nexit 0\n'): Promise<string> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, content)
  await chmod(path, 0o755)
  return path
}

/** An environment in which every place the browser finder looks is an empty folder: a machine without one. */
export async function nowhereEnv(scratch: ScratchFolders): Promise<Record<string, string>> {
  return {
    PATH: await scratch.folder('empty-path'),
    BROWSER_SEARCH_PATH: await scratch.folder('empty-bin'),
    PLAYWRIGHT_BROWSERS_PATH: await scratch.folder('empty-playwright'),
    HOME: await scratch.folder('empty-home'),
  }
}

export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a script of scripts/ in Node with exactly `env`: nothing inherited, so this machine's browser stays out. */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): Promise<Finished> {
  const path = fileURLToPath(new URL(`../../scripts/${script}`, import.meta.url))
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path, ...args], { env, timeout: 20_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    )
  })
}
