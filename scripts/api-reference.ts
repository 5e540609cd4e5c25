// Writes docs/api/reference.md from the doc comments of what the package exports, so the reference cannot
// drift from the source. Run by `docs:dev` and `docs:build`; the output is not committed.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
const ENTRIES = [
  { name: 'vue-sse-alarms', file: 'src/index.ts' },
  { name: 'vue-sse-alarms/stream', file: 'src/stream/index.ts' },
]

const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
const program = ts.createProgram(ENTRIES.map((entry) => `${root}${entry.file}`), { ...config?.options, noEmit: true })
const checker = program.getTypeChecker()

/** Markdown in VitePress is a Vue template, with `{…}` attributes: outside code spans `<` and `{` would be markup. */
function escapeProse(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;')))
    .join('')
}

function docOf(symbol: ts.Symbol): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
  const tags = symbol
    .getJsDocTags(checker)
    .map((tag) => `*@${tag.name}* ${ts.displayPartsToString(tag.text ?? []).trim()}`.trim())
  return escapeProse([text, ...tags].filter(Boolean).join('\n\n'))
}

function typeText(symbol: ts.Symbol, at: ts.Node): string {
  const type = checker.getTypeOfSymbolAtLocation(symbol, at)
  return checker.typeToString(type, at, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType)
}

/** One-line code spans: a long type stays on one line, its backticks doubled when it holds one. */
const code = (text: string) => (text.includes('`') ? `\`\` ${text.replace(/\s+/g, ' ')} \`\`` : `\`${text.replace(/\s+/g, ' ')}\``)

function describeSymbol(exported: ts.Symbol, at: ts.Node): string[] {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  const declaration = symbol.declarations?.[0]
  const lines = [`### \`${exported.name}\``, '']
  // This program reads .ts only: what a .vue file exports is described by the guide.
  if (!declaration) return [...lines, 'Declared in a component file: see [the bell and toasts](../guide/bell.md).', '']
  const doc = docOf(symbol)
  if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
    if (symbol.flags & ts.SymbolFlags.TypeAlias && declaration && ts.isTypeAliasDeclaration(declaration)) {
      lines.push(`type: ${code(declaration.type.getText())}`, '')
    }
    if (doc) lines.push(doc, '')
    const members = symbol.flags & ts.SymbolFlags.Interface ? checker.getDeclaredTypeOfSymbol(symbol).getProperties() : []
    for (const member of members) {
      const optional = member.flags & ts.SymbolFlags.Optional ? '?' : ''
      const memberDoc = docOf(member).replace(/\n+/g, ' ')
      lines.push(`- ${code(`${member.name}${optional}: ${typeText(member, declaration ?? at)}`)}${memberDoc ? `: ${memberDoc}` : ''}`)
    }
    if (members.length) lines.push('')
    return lines
  }
  lines.push(code(typeText(symbol, declaration ?? at)), '')
  if (doc) lines.push(doc, '')
  return lines
}

const out = [
  '# API reference',
  '',
  'Generated from the doc comments of the source at every docs build. The guide pages explain how the pieces fit;',
  'this page lists each export with its type.',
  '',
]
for (const entry of ENTRIES) {
  const source = program.getSourceFile(`${root}${entry.file}`)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!source || !moduleSymbol) throw new Error(`Cannot read the exports of ${entry.file}`)
  out.push(`## \`${entry.name}\``, '')
  const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name))
  for (const exported of exports) out.push(...describeSymbol(exported, source))
}
writeFileSync(`${root}docs/api/reference.md`, `${out.join('\n').trimEnd()}\n`)
console.log(`docs/api/reference.md: ${out.filter((line) => line.startsWith('### ')).length} exports`)
