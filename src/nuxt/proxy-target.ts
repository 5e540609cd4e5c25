/**
 * Where a request under the proxy's base path goes: the rest of its path and its query, appended to `target`.
 * `/api/alarms?page=2` with base `/api` and target `http://localhost:8080/api` → `http://localhost:8080/api/alarms?page=2`.
 * @returns null when the path is not under `basePath` (a prefix match alone would let `/apix` through).
 */
export function upstreamUrl(target: string, basePath: string, pathWithQuery: string): string | null {
  const base = basePath.replace(/\/+$/, '')
  const queryAt = pathWithQuery.search(/[?#]/)
  const path = queryAt === -1 ? pathWithQuery : pathWithQuery.slice(0, queryAt)
  const query = queryAt === -1 ? '' : pathWithQuery.slice(queryAt).replace(/#.*$/, '')
  if (path !== base && !path.startsWith(`${base}/`)) return null
  return `${target.replace(/\/+$/, '')}${path.slice(base.length)}${query}`
}

/**
 * Cookie paths to rewrite on the way back: a session cookie the API scopes to its own path (`Path=/backend/api`)
 * must come back scoped to the path the browser uses (`/api`), or the browser never sends it again.
 */
export function cookiePathRewrite(target: string, basePath: string): Record<string, string> | undefined {
  const upstreamPath = new URL(target).pathname.replace(/\/+$/, '')
  const base = basePath.replace(/\/+$/, '')
  return upstreamPath !== '' && upstreamPath !== base ? { [upstreamPath]: base || '/' } : undefined
}
