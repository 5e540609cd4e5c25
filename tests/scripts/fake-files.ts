import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

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
