import { describe, expect, it } from 'vitest'
import {
  applyCompletion, completionContext, completions, groupFunctions, insertAt, markError, utf16Index,
} from '../pages/designer/settings/formulaAssist'

const functions = [
  { name: 'contains', group: 'String', signature: 'contains(text, pattern)', description: 'Whether text holds pattern' },
  { name: 'concat', group: 'String', signature: 'concat(a, b, ...)', description: 'Joins texts' },
  { name: 'round', group: 'Math', signature: 'round(x, digits)', description: 'Rounds a number' },
  { name: 'to_string', group: 'Conversion', signature: 'to_string(x)', description: 'Any value as text' },
]
const columns = [{ name: 'price', type: 'Float64' }, { name: 'qty', type: 'Int64' }, { name: 'unit price', type: 'Float64' }]

describe('formula editor help', () => {
  it('knows what is typed at the cursor', () => {
    expect(completionContext('[pr', 3)).toEqual({ kind: 'column', start: 0, prefix: 'pr' })
    expect(completionContext('[price] * [q', 12)).toEqual({ kind: 'column', start: 10, prefix: 'q' })
    expect(completionContext('[unit p', 7)).toEqual({ kind: 'column', start: 0, prefix: 'unit p' })
    expect(completionContext('[price] * con', 13)).toEqual({ kind: 'function', start: 10, prefix: 'con' })
    expect(completionContext('[price] ', 8)).toBeNull()
    expect(completionContext('"[pr', 4)).toBeNull()  // inside a string
    expect(completionContext('"a" + con', 9)).toEqual({ kind: 'function', start: 6, prefix: 'con' })
    expect(completionContext("'it\\'s' + ro", 12)).toEqual({ kind: 'function', start: 10, prefix: 'ro' })
    expect(completionContext('// con', 6)).toBeNull()  // inside a comment
  })

  it('suggests matching columns and functions, prefix matches first', () => {
    const cols = completions({ kind: 'column', start: 0, prefix: 'pr' }, functions, columns)
    expect(cols.map((c) => c.insert)).toEqual(['[price]', '[unit price]'])
    expect(cols[0]).toMatchObject({ kind: 'column', detail: 'Float64' })
    const fns = completions({ kind: 'function', start: 0, prefix: 'con' }, functions, columns)
    expect(fns.map((c) => c.insert)).toEqual(['contains(', 'concat('])
    expect(fns[0]!.label).toBe('contains(text, pattern)')
    expect(completions({ kind: 'function', start: 0, prefix: 'string' }, functions, columns).map((c) => c.insert)).toEqual(['to_string('])
    expect(completions({ kind: 'function', start: 0, prefix: 'round' }, functions, columns)).toEqual([])
    expect(completions({ kind: 'function', start: 0, prefix: 'then' }, functions, columns)).toEqual([])
    expect(completions(null, functions, columns)).toEqual([])
  })

  it('inserts a suggestion and puts the cursor after it', () => {
    const col = { kind: 'column' as const, label: '[price]', detail: '', insert: '[price]' }
    expect(applyCompletion('[pr * 2', 3, { kind: 'column', start: 0, prefix: 'pr' }, col)).toEqual({ text: '[price] * 2', cursor: 7 })
    // A name already closed by `]` is replaced whole.
    expect(applyCompletion('[pr] * 2', 3, { kind: 'column', start: 0, prefix: 'pr' }, col)).toEqual({ text: '[price] * 2', cursor: 7 })
    const fn = { kind: 'function' as const, label: '', detail: '', insert: 'round(' }
    expect(applyCompletion('1 + ro', 6, { kind: 'function', start: 4, prefix: 'ro' }, fn)).toEqual({ text: '1 + round(', cursor: 10 })
    expect(applyCompletion('ro([a])', 2, { kind: 'function', start: 0, prefix: 'ro' }, fn)).toEqual({ text: 'round([a])', cursor: 6 })
    expect(insertAt('[a] + ', 6, 6, 'round(')).toEqual({ text: '[a] + round(', cursor: 12 })
  })

  it('maps the server position (characters) to the textarea (UTF-16)', () => {
    expect(utf16Index('abc', 1)).toBe(1)
    expect(utf16Index('😀[x]', 1)).toBe(2)
    expect(utf16Index('ab', 9)).toBe(2)
    expect(markError('[price] * [qtyy]', 10)).toEqual({ before: '[price] * ', at: '[', after: 'qtyy]' })
    expect(markError('1 + ', 4)).toEqual({ before: '1 + ', at: ' ', after: '' })
    expect(markError('😀 + [x]', 4)).toEqual({ before: '😀 + ', at: '[', after: 'x]' })
  })

  it('groups the function list and searches it', () => {
    expect(groupFunctions(functions, '').map(([g, l]) => [g, l.length])).toEqual([['String', 2], ['Math', 1], ['Conversion', 1]])
    expect(groupFunctions(functions, 'text').map(([, l]) => l.map((f) => f.name))).toEqual([['contains', 'concat'], ['to_string']])
  })
})
