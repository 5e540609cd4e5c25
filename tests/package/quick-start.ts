import { codeBlocks } from '../docs/markdown-blocks'

/** One file of the README's Quick start: the path its code block names on its first line, and the block. */
export interface QuickStartFile {
  path: string
  content: string
}

/**
 * The ts and vue blocks between the "## Quick start" heading and the next "## " heading, each written to the
 * file its first line names (shell blocks are commands, not files). A block that names no file is an error: every
 * snippet there must compile, except one that says it is partial on its first line (`// partial: …`, e.g. the
 * lines to add to a generated file).
 */
export function quickStartFiles(readme: string): QuickStartFile[] {
  const lines = readme.split(/\r?\n/)
  const start = lines.findIndex((line) => line.trim() === '## Quick start')
  if (start === -1) throw new Error('README.md has no "## Quick start" heading')
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const section = lines.slice(start + 1, next === -1 ? undefined : next).join('\n')

  const files: QuickStartFile[] = []
  for (const block of codeBlocks(section).filter((item) => !item.partial)) {
    const path = block.path
    if (!path) throw new Error(`A Quick start code block does not name its file on its first line: ${block.content.split('\n')[0]}`)
    if (files.some((file) => file.path === path)) throw new Error(`Two Quick start code blocks name ${path}`)
    files.push({ path, content: block.content })
  }
  return files
}
