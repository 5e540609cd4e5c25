import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const folder = fileURLToPath(new URL('../../src/components/', import.meta.url))
const read = (name: string) => readFileSync(folder + name, 'utf8')

describe('component sources', () => {
  it('never render HTML from data (no v-html, no innerHTML)', () => {
    const files = readdirSync(folder).filter((name) => /\.(vue|ts)$/.test(name))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const name of files) expect(read(name), name).not.toMatch(/v-html|innerHTML|insertAdjacentHTML|outerHTML/)
  })

  it('turn the ring animation off under prefers-reduced-motion', () => {
    const reduced = /@media \(prefers-reduced-motion: reduce\)\s*{([^}]*{[^}]*})/.exec(read('AlarmBellIcon.vue'))
    expect(reduced?.[1]).toMatch(/\.is-lit[^{]*{\s*animation: none/)
  })

  it('turn the toast transitions off under prefers-reduced-motion', () => {
    const reduced = /@media \(prefers-reduced-motion: reduce\)\s*{([^}]*{[^}]*})/.exec(read('alarm-toasts.css'))
    expect(reduced?.[1]).toMatch(/\.vsa-toast-enter-active,\s*\.vsa-toast-leave-active\s*{\s*transition: none/)
  })

  it('style the alarm link or button of a panel row and of a toast with one rule, plain-action.css, each scoped', () => {
    for (const name of ['AlarmItem.vue', 'AlarmToasts.vue']) {
      expect(read(name), name).toContain('<style scoped src="./plain-action.css"></style>')
      expect(read(name), name).toMatch(/class="vsa-plain-action vsa-(item|toast)__action"/)
    }
    expect(read('plain-action.css')).toMatch(/^\.vsa-plain-action \{/m)
  })

  it('keep every style scoped so nothing leaks into the host app, but the theme tokens (custom properties only)', () => {
    for (const name of readdirSync(folder).filter((file) => file.endsWith('.vue'))) {
      const styles = (read(name).match(/<style[^>]*>/g) ?? []).filter((tag) => tag !== '<style src="./tokens.css">')
      expect(styles.length, name).toBeGreaterThan(0)
      for (const tag of styles) expect(tag, name).toContain('scoped')
    }
  })
})
