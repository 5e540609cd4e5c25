/** One line saying how to get a Chromium, shown when none is found. */
export declare const NO_BROWSER_MESSAGE: string

/** Commands looked up on the search path, best first. */
export declare const BROWSER_COMMANDS: readonly string[]

/** An explicit browser setting (`CHROMIUM_PATH`, `CHROME_PATH`) that names no executable. */
export declare class BrowserPathError extends Error {}

/** Options of {@link findBrowser}. */
export interface FindBrowserOptions {
  /**
   * The environment to read: `CHROMIUM_PATH`, `CHROME_PATH`, `BROWSER_SEARCH_PATH`, `PATH`,
   * `PLAYWRIGHT_BROWSERS_PATH`, `XDG_CACHE_HOME`, `HOME`, `INIT_CWD`.
   * @default process.env
   */
  env?: Record<string, string | undefined>
}

/**
 * The Chromium to drive, or null. In order: `CHROMIUM_PATH`, `CHROME_PATH`, /usr/bin/chromium, the
 * commands of BROWSER_COMMANDS on `PATH`, then Playwright's downloaded browsers. `BROWSER_SEARCH_PATH`,
 * when set, replaces /usr/bin/chromium and `PATH`.
 * @throws BrowserPathError when `CHROMIUM_PATH` or `CHROME_PATH` is set to something that is not an executable
 */
export declare function findBrowser(options?: FindBrowserOptions): string | null

/** The first of `commands` found in the folders of `searchPath` (a PATH-style list), or null. */
export declare function findCommand(commands: readonly string[], searchPath?: string): string | null

/** True for an existing regular file this process may execute. */
export declare function isExecutableFile(path: string): boolean

/** True when Node was started with the module at `moduleUrl`, not when it is imported. */
export declare function isMainModule(moduleUrl: string): boolean
