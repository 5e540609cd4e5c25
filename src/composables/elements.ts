import type { ComponentPublicInstance } from 'vue'

/** What a template ref may hold: an element, or a component whose root element is meant. */
export type MaybeElement = Element | ComponentPublicInstance | null | undefined

export function toElement(target: MaybeElement): HTMLElement | null {
  const element = target && '$el' in target ? (target.$el as unknown) : target
  return element instanceof HTMLElement ? element : null
}

const FOCUSABLE = 'a[href],button,input,select,textarea,[tabindex]'

/** Keyboard-reachable controls of a row, the row itself first when it is one. */
export function focusablesOf(row: Element): HTMLElement[] {
  const inside = Array.from(row.querySelectorAll<HTMLElement>(FOCUSABLE))
  return row instanceof HTMLElement && row.matches(FOCUSABLE) ? [row, ...inside] : inside
}
