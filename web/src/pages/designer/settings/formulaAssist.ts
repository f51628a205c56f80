// The formula editor's help, as pure functions: what is being typed at the cursor (a column
// inside `[`, or a function name), the suggestions for it, inserting one, and turning the
// server's error position (in characters) into a place in the textarea (UTF-16 units).
import type { FlowColumn } from '../../../api/flows'
import type { FormulaFunction } from '../../../api/settings'

export interface CompletionContext {
  kind: 'column' | 'function'
  /** Where the replaced text starts (the `[` of a column, the first letter of a name). */
  start: number
  prefix: string
}

export interface Completion {
  kind: 'column' | 'function'
  label: string
  detail: string
  insert: string
}

/** Whether `cursor` sits inside a string literal (quotes of either kind, backslash escapes). */
function inString(text: string, cursor: number): boolean {
  let quote: string | null = null
  for (let i = 0; i < cursor; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i)
      if (end === -1 || end >= cursor) return true  // in a comment: no suggestions either
      i = end
    }
  }
  return quote !== null
}

/** What the user is typing at `cursor`, or null when nothing is to be suggested. */
export function completionContext(text: string, cursor: number): CompletionContext | null {
  if (inString(text, cursor)) return null
  const before = text.slice(0, cursor)
  const open = before.lastIndexOf('[')
  if (open > before.lastIndexOf(']')) {
    const typed = before.slice(open + 1)
    if (!typed.includes('\n')) return { kind: 'column', start: open, prefix: typed }
  }
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(0, cursor))
  if (!word) return null
  return { kind: 'function', start: cursor - word[0].length, prefix: word[0] }
}

function ranked<T>(items: T[], name: (t: T) => string, prefix: string, limit: number): T[] {
  const p = prefix.toLowerCase()
  const starts = items.filter((i) => name(i).toLowerCase().startsWith(p))
  const within = items.filter((i) => !name(i).toLowerCase().startsWith(p) && name(i).toLowerCase().includes(p))
  return [...starts, ...within].slice(0, limit)
}

const KEYWORDS = new Set(['if', 'then', 'elseif', 'else', 'endif', 'and', 'or', 'in', 'true', 'false', 'None'])

/** Suggestions for the context: matching columns, or matching functions (not keywords). */
export function completions(ctx: CompletionContext | null, functions: FormulaFunction[], columns: FlowColumn[],
  limit = 10): Completion[] {
  if (!ctx) return []
  if (ctx.kind === 'column') {
    return ranked(columns, (c) => c.name, ctx.prefix, limit).map((c) =>
      ({ kind: 'column', label: `[${c.name}]`, detail: c.type, insert: `[${c.name}]` }))
  }
  if (KEYWORDS.has(ctx.prefix)) return []
  const found = ranked(functions, (f) => f.name, ctx.prefix, limit)
  // A complete name needs no suggestion of itself alone.
  if (found.length === 1 && found[0]!.name === ctx.prefix) return []
  return found.map((f) => ({ kind: 'function', label: f.signature, detail: f.description, insert: `${f.name}(` }))
}

/** The text with the completion in place of what was typed, and the cursor after it. */
export function applyCompletion(text: string, cursor: number, ctx: CompletionContext, c: Completion): { text: string; cursor: number } {
  let end = cursor
  if (ctx.kind === 'column') {
    // Replace the rest of a name already closed by `]`, as the suggestion closes it itself.
    const close = text.indexOf(']', cursor)
    const line = text.indexOf('\n', cursor)
    if (close !== -1 && (line === -1 || close < line) && !text.slice(cursor, close).includes('[')) end = close + 1
  } else if (text[end] === '(') {
    end += 1
  }
  const next = text.slice(0, ctx.start) + c.insert + text.slice(end)
  return { text: next, cursor: ctx.start + c.insert.length }
}

/** `name(` inserted at the cursor (the function list), replacing a selection. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; cursor: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), cursor: start + insert.length }
}

/** The textarea index (UTF-16 units) of a character (code point) offset. */
export function utf16Index(text: string, offset: number): number {
  let index = 0
  let seen = 0
  for (const ch of text) {
    if (seen === offset) return index
    index += ch.length
    seen++
  }
  return text.length
}

/** The formula split around the error's place, for marking it; an end-of-text error marks a blank. */
export function markError(text: string, offset: number): { before: string; at: string; after: string } {
  const i = utf16Index(text, offset)
  const ch = i < text.length ? String.fromCodePoint(text.codePointAt(i)!) : ''
  return { before: text.slice(0, i), at: ch === '\n' || ch === '' ? ' ' : ch, after: text.slice(i + (ch === '\n' ? 0 : ch.length)) }
}

/** The functions whose name, group or description holds `query`, grouped in list order. */
export function groupFunctions(functions: FormulaFunction[], query: string): [string, FormulaFunction[]][] {
  const q = query.trim().toLowerCase()
  const groups = new Map<string, FormulaFunction[]>()
  for (const f of functions) {
    if (q && !`${f.name} ${f.group} ${f.description}`.toLowerCase().includes(q)) continue
    const list = groups.get(f.group) ?? []
    list.push(f)
    groups.set(f.group, list)
  }
  return [...groups.entries()]
}
