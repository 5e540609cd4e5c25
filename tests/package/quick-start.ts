import { isAbsolute, normalize } from 'node:path'

/** One file of the README's Quick start: the path its code block names on its first line, and the block. */
export interface QuickStartFile {
  path: string
  content: string
}

// `// src/main.ts` in code, `<!-- src/App.vue -->` in a template or HTML.
const PATH_COMMENT = /^\s*(?:\/\/\s*(\S+)|<!--\s*(\S+)\s*-->)\s*$/
const FENCE = /^\s*```/
const PARTIAL = /^\s*(?:\/\/|<!--)\s*partial\b/

/**
 * The code blocks between the "## Quick start" heading and the next "## " heading, each written to the
 * file its first line names. A block that names no file is an error: every snippet there must compile, except one
 * that says it is partial on its first line (`// partial: …`, e.g. the lines to add to a generated file).
 */
export function quickStartFiles(readme: string): QuickStartFile[] {
  const lines = readme.split(/\r?\n/)
  const start = lines.findIndex((line) => line.trim() === '## Quick start')
  if (start === -1) throw new Error('README.md has no "## Quick start" heading')
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const section = lines.slice(start + 1, next === -1 ? undefined : next)

  const files: QuickStartFile[] = []
  for (let open = section.findIndex((line) => FENCE.test(line)); open !== -1; ) {
    const close = section.findIndex((line, index) => index > open && FENCE.test(line))
    if (close === -1) throw new Error('A Quick start code block is never closed')
    const body = section.slice(open + 1, close)
    if (PARTIAL.test(body[0] ?? '')) {
      open = section.findIndex((line, index) => index > close && FENCE.test(line))
      continue
    }
    const match = PATH_COMMENT.exec(body[0] ?? '')
    const path = match?.[1] ?? match?.[2]
    if (!path) throw new Error(`A Quick start code block does not name its file on its first line: ${body[0] ?? ''}`)
    if (isAbsolute(path) || normalize(path).startsWith('..')) throw new Error(`A Quick start file lies outside the app: ${path}`)
    if (files.some((file) => file.path === path)) throw new Error(`Two Quick start code blocks name ${path}`)
    files.push({ path, content: `${body.join('\n')}\n` })
    open = section.findIndex((line, index) => index > close && FENCE.test(line))
  }
  return files
}
