import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)
export const LIVE_ALARM_SCRIPT = fileURLToPath(new URL('./live-alarm.mjs', import.meta.url))

/** What live-alarm.mjs reports once the stream entry and the store have both received the published alarm. */
export interface LiveAlarmReport {
  node: string
  streamStatus: string
  storeStatus: string
  /** Events of the stream entry that carried the published alarm. */
  streamed: number
  /** Contents of the store's list. */
  stored: string[]
}

/**
 * Runs live-alarm.mjs with `node`, in `cwd` (whose node_modules, or whose own package, provides vue, pinia and
 * vue-sse-alarms), against the test API at `apiUrl`. Async on purpose: the test API may run in this process.
 */
export async function runLiveAlarm(node: string, script: string, cwd: string, apiUrl: string, userId: number): Promise<LiveAlarmReport> {
  try {
    const { stdout } = await execFileAsync(node, [script], { cwd, timeout: 30_000, env: { ...process.env, API_URL: apiUrl, USER_ID: String(userId) } })
    return JSON.parse(stdout) as LiveAlarmReport
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${node} ${script} failed:\n${stdout}\n${stderr}`.slice(-4000))
  }
}
