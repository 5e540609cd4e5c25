/** Every system package the tests drive (Debian names), in the order they are reported. */
export declare const SYSTEM_PACKAGES: readonly string[]

/** One line saying which of the packages are missing and how to get them. */
export declare function missingMessage(missing: readonly string[]): string

/**
 * Makes sure of `packages` (installing what is missing with apt-get when allowed, else exiting 1 with one line), then
 * runs `command` with CHROMIUM_PATH set, or prints the Chromium path when there is no command.
 */
export declare function ensureSystem(packages: readonly string[], command: readonly string[], env?: Record<string, string | undefined>): void
