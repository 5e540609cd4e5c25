/** One ```ts or ```vue block of a markdown page. */
export interface CodeBlock {
  lang: 'ts' | 'vue'
  /** The path its first line names (`// src/main.ts`, `<!-- src/App.vue -->`), if any. */
  path?: string
  /** Deliberately incomplete: its first line starts with `// partial` or `<!-- partial`. */
  partial: boolean
  content: string
  /** 1-based line of the opening fence. */
  line: number
}

// `// src/main.ts` in code, `<!-- src/App.vue -->` in a template: a file name, nothing else on the line.
const PATH_COMMENT = /^\s*(?:\/\/\s*([\w./-]+\.\w+)|<!--\s*([\w./-]+\.\w+)\s*-->)\s*$/
const PARTIAL = /^\s*(?:\/\/|<!--)\s*partial\b/
const OPEN = /^\s*```(ts|vue)\s*$/
const FENCE = /^\s*```/

/** Every ts and vue block of a page, in order; other languages (sh, java, nginx) are not code to compile here. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/)
  const blocks: CodeBlock[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = OPEN.exec(lines[index]!)
    if (!open) {
      if (FENCE.test(lines[index]!)) index = closingFence(lines, index)
      continue
    }
    const close = closingFence(lines, index)
    const body = lines.slice(index + 1, close)
    const match = PATH_COMMENT.exec(body[0] ?? '')
    const path = match?.[1] ?? match?.[2]
    if (path && (path.startsWith('/') || path.split('/').includes('..'))) throw new Error(`A code block names a file outside its app: ${path}`)
    blocks.push({ lang: open[1] as 'ts' | 'vue', path, partial: PARTIAL.test(body[0] ?? ''), content: `${body.join('\n')}\n`, line: index + 1 })
    index = close
  }
  return blocks
}

function closingFence(lines: string[], open: number): number {
  const close = lines.findIndex((line, index) => index > open && FENCE.test(line))
  if (close === -1) throw new Error(`The code block opened on line ${open + 1} is never closed`)
  return close
}
