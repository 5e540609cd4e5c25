import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string) => readFileSync(root + path, 'utf8')
const STYLED_FOLDERS = ['src/components/', 'src/preferences/']

/** The CSS of every component: .css files and the <style> blocks of .vue files. */
function componentCss(): Map<string, string> {
  const css = new Map<string, string>()
  for (const folder of STYLED_FOLDERS) {
    for (const name of readdirSync(root + folder)) {
      if (name.endsWith('.css')) css.set(folder + name, read(folder + name).replace(/\/\*[\s\S]*?\*\//g, ''))
      if (name.endsWith('.vue')) css.set(folder + name, [...read(folder + name).matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join('\n'))
    }
  }
  return css
}

const normalize = (value: string) => value.trim().replace(/\s+/g, ' ')
const sheet = read('src/components/tokens.css')
const sheetDefaults = new Map([...sheet.matchAll(/^\s*(--vsa-[a-z-]+):\s*([^;]+);/gm)].map((match) => [match[1]!, normalize(match[2]!)]))

/** Every `var(--vsa-…)` read in component CSS, with the fallback written there if any. */
const reads = [...componentCss()].flatMap(([file, css]) =>
  [...css.matchAll(/var\((--vsa-[a-z-]+)(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)/g)].map((match) => ({ file, token: match[1]!, fallback: match[2] === undefined ? undefined : normalize(match[2]) })),
)
const placement = read('src/composables/use-alarm-placement.ts')
/** Read by the placement script in pixels, with their defaults there. */
const scriptTokens = new Map(
  [...placement.matchAll(/read\('(--vsa-[a-z-]+)', (\d+)\)/g)].map((match) => [match[1]!, `${match[2]}px`]),
)
/** Set by the placement script on the panel (the room left in the viewport): state, not a theme token. */
const scriptSet = new Set([...placement.matchAll(/'(--vsa-[a-z-]+)':/g)].map((match) => match[1]!))
/** The token table of the bell and toasts guide: token → default as written there. */
const documented = new Map(
  [...read('docs/guide/bell.md').matchAll(/^\| `(--vsa-[a-z-]+)` \| ([^|]+) \|/gm)].map((match) => [match[1]!, match[2]!.trim().replace(/^`(.*)`$/, '$1')]),
)

describe('theme tokens', () => {
  it('give each default once: in tokens.css when read in several places, else at the one place that reads it', () => {
    expect(reads.length).toBeGreaterThan(40)
    const byToken = new Map<string, typeof reads>()
    for (const entry of reads) byToken.set(entry.token, [...(byToken.get(entry.token) ?? []), entry])
    for (const [token, uses] of byToken) {
      const fallbacks = uses.filter((use) => use.fallback !== undefined)
      const defaults = fallbacks.length + (sheetDefaults.has(token) ? 1 : 0)
      expect(defaults, `${token} has ${defaults} defaults`).toBeLessThanOrEqual(1)
      if (uses.length > 1) expect(fallbacks, `${token} is read in ${uses.length} places: its default belongs in tokens.css`).toEqual([])
    }
    for (const token of sheetDefaults.keys()) expect(byToken.get(token)?.length ?? 0, `${token} in tokens.css is read`).toBeGreaterThan(1)
  })

  it('set nothing but --vsa-* custom properties globally, at zero specificity', () => {
    const rules = [...sheet.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)]
    expect(rules.map((rule) => rule[1]!.trim())).toEqual([':where(:root)'])
    const declarations = rules[0]![2]!.split(';').map((part) => part.trim()).filter(Boolean)
    expect(declarations.length).toBe(sheetDefaults.size)
    for (const declaration of declarations) expect(declaration).toMatch(/^--vsa-[a-z-]+:/)
  })

  // A <style src> rather than an import in the script: vue-tsc would keep a script import in the declarations.
  it('are loaded by every public component that reads them', () => {
    expect(read('src/components/AlarmBell.vue')).toContain('<style src="./tokens.css"></style>')
    expect(read('src/components/AlarmToasts.vue')).toContain('<style src="./tokens.css"></style>')
    expect(read('src/preferences/AlarmPreferences.vue')).toContain('<style src="../components/tokens.css"></style>')
  })

  it('are all in the guide with the default the source gives', () => {
    expect([...scriptSet]).toEqual(['--vsa-available-height'])
    const used = new Set([...reads.map((entry) => entry.token).filter((token) => !scriptSet.has(token)), ...scriptTokens.keys()])
    expect([...documented.keys()].sort()).toEqual([...used].sort())
    for (const token of used) {
      const inSource = sheetDefaults.get(token) ?? reads.find((entry) => entry.token === token && entry.fallback)?.fallback ?? scriptTokens.get(token)
      const inGuide = documented.get(token)!
      if (inSource === undefined) expect(inGuide, token).toMatch(/^none: /)
      else expect(normalize(inGuide), token).toBe(inSource)
    }
  })
})
