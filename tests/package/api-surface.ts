import ts from 'typescript'

/** One exported name of an entry, as a consumer's compiler sees it in the published declarations. */
export interface ExportedName {
  name: string
  kind: 'class' | 'function' | 'const' | 'interface' | 'type' | 'enum' | 'namespace'
  /** Comment-free declaration text, with references to other declarations left as names. */
  signature: string
  documented: boolean
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })

function kindOf(symbol: ts.Symbol): ExportedName['kind'] {
  const flags = symbol.flags
  if (flags & ts.SymbolFlags.Class) return 'class'
  if (flags & ts.SymbolFlags.Function) return 'function'
  if (flags & ts.SymbolFlags.Enum) return 'enum'
  if (flags & ts.SymbolFlags.Interface) return 'interface'
  if (flags & ts.SymbolFlags.TypeAlias) return 'type'
  if (flags & ts.SymbolFlags.Variable) return 'const'
  return 'namespace'
}

function printed(node: ts.Node): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile())
}

/**
 * A variable's declared type, with every `typeof someConst` inside it replaced by that const's own declared type:
 * `const AlarmBell: typeof Bell` or vue-tsc's `WithSlots<typeof __VLS_base, …>` say nothing until followed.
 */
function expandedType(declaration: ts.VariableDeclaration, checker: ts.TypeChecker, depth = 0): string {
  const type = declaration.type
  if (!type) return 'unknown'
  let text = printed(type)
  const queries: ts.TypeQueryNode[] = []
  const collect = (node: ts.Node): void => {
    if (ts.isTypeQueryNode(node)) queries.push(node)
    else ts.forEachChild(node, collect)
  }
  collect(type)
  for (const query of queries) {
    const target = checker.getSymbolAtLocation(query.exprName)
    const resolved = target && target.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(target) : target
    const next = resolved?.valueDeclaration
    if (depth < 5 && next && ts.isVariableDeclaration(next) && next.type) {
      text = text.replace(printed(query), expandedType(next, checker, depth + 1))
    }
  }
  return text
}

// A bundler may give a declaration a local name (`_default`, `alarmsModule`) different from the exported
// one; the report prints the exported name so renaming a local changes nothing. Declarations are printed as
// written rather than through the checker, which would spell out types with file paths.
function signatureOf(symbol: ts.Symbol, exportedName: string, checker: ts.TypeChecker): string {
  return (symbol.declarations ?? [])
    .map((declaration) => {
      const source = declaration.getSourceFile()
      if (ts.isVariableDeclaration(declaration)) {
        return `const ${exportedName}: ${expandedType(declaration, checker)}`
      }
      const text = printer.printNode(ts.EmitHint.Unspecified, declaration, source)
      const localName = ts.getNameOfDeclaration(declaration)?.getText()
      return (localName ? text.replace(localName, exportedName) : text).replace(/^(export\s+)?(default\s+)?(declare\s+)?/, '')
    })
    .join('\n')
}

function isDocumented(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '') return true
  // A default export's comment sits on the declaration the bundler renamed, which the symbol still points at.
  return (symbol.declarations ?? []).some((declaration) => ts.getJSDocCommentsAndTags(declaration).length > 0)
}

/**
 * Every name `entryFile` (a published .d.ts) exports, sorted, with its kind, signature and whether it has a
 * doc comment. The file is compiled as a Node ESM consumer compiles it (`nodenext`).
 */
export function exportedNames(entryFile: string): ExportedName[] {
  const program = ts.createProgram([entryFile], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entryFile)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`${entryFile} is not a module`)
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      return { name: exported.name, kind: kindOf(symbol), signature: signatureOf(symbol, exported.name, checker), documented: isDocumented(symbol, checker) }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** The API report of one entry: a markdown page with every exported name and its signature. */
export function apiReport(entry: string, names: ExportedName[]): string {
  const sections = names.map((exported) => `## ${exported.name} (${exported.kind})\n\n\`\`\`ts\n${exported.signature}\n\`\`\`\n`)
  return [
    `# API report: \`${entry}\``,
    '',
    'Generated from the published declarations by tests/package/pack.test.ts; a change here is a change to the',
    'public API. Review it, then update with `npx vitest run tests/package/pack.test.ts -u`.',
    '',
    ...sections,
  ].join('\n')
}
