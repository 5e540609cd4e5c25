import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { chromiumPath } from '../../tests/helpers/browser'

/** The Chromium the browser benches drive, as `chromium --version` prints it. */
export async function chromiumVersion(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(chromiumPath(), ['--version'], { timeout: 10_000 })
    return stdout.trim().replace(/^Chromium\s+/, '')
  } catch {
    return 'not installed'
  }
}
