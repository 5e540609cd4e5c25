/**
 * Where the demo finds the API: same origin by default (Vite proxies /api), another origin given at build time with
 * `VITE_API_ORIGIN=http://127.0.0.1:8787`, or at run time with `?api=http://127.0.0.1:8787` in the page's address
 * (both need the server's `--cors-origin` for this page).
 */
function apiOrigin(): string {
  const fromQuery = new URLSearchParams(location.search).get('api')
  if (fromQuery && /^https?:\/\/[^/?#]+$/.test(fromQuery)) return fromQuery
  return (import.meta.env.VITE_API_ORIGIN as string | undefined) ?? ''
}

export const API_BASE = `${apiOrigin()}/api`
