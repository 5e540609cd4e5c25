/**
 * Where the demo finds the API: same origin by default (Vite proxies /api), or another origin given at build
 * time with `VITE_API_ORIGIN=http://127.0.0.1:8787`, which needs the server's `--cors-origin` for this page.
 */
export const API_BASE = `${(import.meta.env.VITE_API_ORIGIN as string | undefined) ?? ''}/api`
