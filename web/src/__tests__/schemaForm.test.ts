import { describe, expect, it } from 'vitest'
import {
  fieldKind, fieldLabel, getAt, initialValue, orderedProperties, parseNumber, setAt, shownValue, validateField,
  type JsonSchema,
} from '../pages/designer/settings/schemaForm'

// Shapes as the node registry writes them (src/flow/nodes/settings.cpp).
const column: JsonSchema = { type: 'string', title: 'Column', format: 'column', 'x-flowfile-widget': 'column' }
const filter: JsonSchema = {
  type: 'object', title: 'Filter', properties: {
    filter_input: { type: 'object', title: 'Filter', properties: {
      mode: { type: 'string', title: 'Mode', enum: ['basic', 'advanced'], default: 'basic' },
      basic_filter: { type: 'object', title: 'Condition', properties: { field: column, value: { type: 'string', title: 'Value', default: '' } } },
      advanced_filter: { type: 'string', title: 'Formula', format: 'formula', 'x-flowfile-widget': 'formula', default: '' },
    } },
    split_mode: { type: 'boolean', title: 'Also output the rows that fail', default: false },
  },
}

describe('settings form from a JSON Schema', () => {
  it('picks a widget per field, from the registry marks and the types', () => {
    const props = filter.properties!.filter_input!.properties!
    expect(fieldKind(filter)).toBe('object')
    expect(fieldKind(props.mode!)).toBe('enum')
    expect(fieldKind(props.basic_filter!.properties!.field!)).toBe('column')
    expect(fieldKind(props.advanced_filter!)).toBe('formula')
    expect(fieldKind(filter.properties!.split_mode!)).toBe('boolean')
    expect(fieldKind({ type: ['integer', 'null'] })).toBe('integer')
    expect(fieldKind({ type: 'number' })).toBe('number')
    expect(fieldKind({ type: 'array', 'x-flowfile-widget': 'columns', items: column })).toBe('columns')
    expect(fieldKind({ type: 'array', items: { type: 'object', properties: { a: column } } })).toBe('array')
    expect(fieldKind({ type: 'array', items: { type: 'string', enum: ['sum'] } })).toBe('array')
    // Shapes a form cannot show are edited as JSON.
    expect(fieldKind({ type: 'array', items: { type: 'array' } })).toBe('json')
    expect(fieldKind({ type: 'object' })).toBe('json')
    expect(fieldKind({})).toBe('json')
  })

  it('orders properties as the registry lists them', () => {
    const s: JsonSchema = { type: 'object', 'x-flowfile-order': ['mode', 'basic', 'gone'],
      properties: { advanced: {}, basic: {}, mode: {}, extra: {} } }
    expect(orderedProperties(s).map(([k]) => k)).toEqual(['mode', 'basic', 'advanced', 'extra'])
    expect(orderedProperties({ properties: { b: {}, a: {} } }).map(([k]) => k)).toEqual(['b', 'a'])
  })

  it('labels fields by title, else by key', () => {
    expect(fieldLabel(column, 'field')).toBe('Column')
    expect(fieldLabel({}, 'group_by_columns')).toBe('Group by columns')
  })

  it('starts new items from their defaults', () => {
    expect(initialValue({ type: 'object', properties: {
      column: column, how: { type: 'string', enum: ['asc', 'desc'], default: 'asc' }, keep: { type: 'boolean', default: true },
    } })).toEqual({ column: '', how: 'asc', keep: true })
    expect(initialValue({ type: 'array', items: column })).toEqual([])
    expect(initialValue({ type: ['integer', 'null'], default: null })).toBe(null)
    const d = { type: 'array', default: [1] }
    const made = initialValue(d) as number[]
    made.push(2)
    expect(d.default).toEqual([1])
  })

  it('shows the default until a value is set', () => {
    expect(shownValue({ default: 'basic' }, undefined)).toBe('basic')
    expect(shownValue({ default: 'basic' }, 'advanced')).toBe('advanced')
  })

  it('reads and writes at a path without touching the original', () => {
    const settings = { filter_input: { mode: 'basic', basic_filter: { field: 'a' } }, other: 1 }
    const next = setAt(settings, ['filter_input', 'basic_filter', 'field'], 'b') as typeof settings
    expect(next.filter_input.basic_filter.field).toBe('b')
    expect(next.filter_input.mode).toBe('basic')
    expect(next.other).toBe(1)
    expect(settings.filter_input.basic_filter.field).toBe('a')
    expect(getAt(next, ['filter_input', 'basic_filter', 'field'])).toBe('b')
    expect(getAt(next, ['nope', 'x'])).toBeUndefined()
    expect(setAt({}, ['list', 1, 'name'], 'x')).toEqual({ list: [undefined, { name: 'x' }] })
    expect(setAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 })
  })

  it('parses numbers and says what is expected', () => {
    expect(parseNumber(' 12 ', true, false)).toEqual({ value: 12 })
    expect(parseNumber('2.5', false, false)).toEqual({ value: 2.5 })
    expect(parseNumber('2.5', true, false).error).toMatch(/not a whole number/)
    expect(parseNumber('ten', false, false).error).toMatch(/'ten' is not a number/)
    expect(parseNumber('', true, true)).toEqual({ value: null })
    expect(parseNumber('', true, false).error).toMatch(/Enter a number/)
  })

  it('validates in our words', () => {
    const cols = [{ name: 'price', type: 'Int64' }, { name: 'qty', type: 'Int64' }]
    expect(validateField(column, '', true)).toBe('Required: choose a column.')
    expect(validateField(column, '', false)).toBe('')
    expect(validateField(column, 'price', true, cols)).toBe('')
    expect(validateField(column, 'prize', true, cols)).toMatch(/'prize' does not arrive at this node's input/)
    expect(validateField({ type: 'array', 'x-flowfile-widget': 'columns', items: column }, ['price', 'a', 'b'], false, cols))
      .toMatch(/'a', 'b' do not arrive/)
    expect(validateField(column, 'anything', true, undefined)).toBe('')  // columns unknown: no claim
    expect(validateField({ type: 'string', enum: ['asc', 'desc'] }, 'up', false)).toMatch(/'up' is not a choice here; choose one of asc, desc/)
    expect(validateField({ type: 'integer' }, '12x', false)).toMatch(/not a number/)
    expect(validateField({ type: 'string' }, '', true)).toBe('Required: enter a value.')
  })
})
