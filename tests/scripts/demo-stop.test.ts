import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { accepts as portIsOpen, freePort } from '../scale/processes'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Every live descendant of `pid`, read from /proc (Linux): the demo's children and theirs. */
function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[0] !== 'Z') parentOf.set(Number(entry), Number(fields[1]))
    } catch {
      // The process ended while we read.
    }
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child)
        queue.push(child)
      }
    }
  }
  return found
}

const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('npm run demo (scripts/demo.mjs)', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('stops the test API and vite it started on %s, closing both ports', async (signal) => {
    const [apiPort, webPort] = [await freePort(), await freePort()]
    const demo = spawn(process.execPath, ['scripts/demo.mjs'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(apiPort), DEMO_PORT: String(webPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)))
    let children: number[] = []
    try {
      let output = ''
      demo.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
      demo.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
      await until(() => /Demo ready: open (http:\/\/\S+)/.test(output), 'the demo URL', 30_000)
      expect(output).toContain(`127.0.0.1:${webPort}`)
      expect(await portIsOpen(apiPort)).toBe(true)
      expect(await portIsOpen(webPort)).toBe(true)
      children = descendantsOf(demo.pid!)
      // tsx (and the node it runs) for the API, plus vite.
      expect(children.length).toBeGreaterThanOrEqual(2)

      process.kill(demo.pid!, signal)
      expect(await exited).toBe(0)
      await until(async () => !(await portIsOpen(apiPort)) && !(await portIsOpen(webPort)), 'both ports to close', 2000)
      await until(() => children.every((pid) => !isAlive(pid)), 'every child to end', 2000)
    } finally {
      for (const pid of [demo.pid!, ...children]) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
    }
  }, 60_000)
})
