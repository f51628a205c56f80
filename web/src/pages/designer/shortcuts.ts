// The canvas's keyboard shortcuts, mapped from a key event to a command. Pure, so it is
// unit-tested; the page ignores keys typed into form fields.
export type Command = 'undo' | 'redo' | 'copy' | 'paste' | 'delete' | 'selectAll'

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey?: boolean
}

export function commandFor(e: KeyLike): Command | null {
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (e.altKey) return null
  if (!mod) return key === 'delete' || key === 'backspace' ? 'delete' : null
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !e.shiftKey) return 'redo'
  if (key === 'c' && !e.shiftKey) return 'copy'
  if (key === 'v' && !e.shiftKey) return 'paste'
  if (key === 'a' && !e.shiftKey) return 'selectAll'
  return null
}

/** True when the key went to a text field, where it edits text instead. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable
}
