import { runCommand } from './run-command'

/**
 * `npm install` in a throwaway app, from the local cache when it can. A release published since the cache last
 * asked the registry (vue 3.5.x the same day, say) makes a cached package list name a dependency version the cache
 * does not know yet (ETARGET): then once more, asking the registry for every list.
 */
export async function npmInstall(options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  try {
    return await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], options)
  } catch (error) {
    if (!/ETARGET|notarget/.test(String(error))) throw error
    return runCommand('npm', ['install', '--prefer-online', '--no-audit', '--no-fund'], options)
  }
}
