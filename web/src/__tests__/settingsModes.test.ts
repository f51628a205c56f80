import { describe, expect, it } from 'vitest'
import {
  closestChoice, enumOptions, isShown, shownProperties, validateField, type JsonSchema,
} from '../pages/designer/settings/schemaForm'

// Shapes as the node registry writes them (src/flow/nodes/settings.cpp: When, Hidden, SType).
const formula: JsonSchema = { type: 'string', title: 'Formula', 'x-flowfile-widget': 'formula', default: '' }
const filterInput: JsonSchema = {
  type: 'object', 'x-flowfile-order': ['mode', 'basic_filter', 'advanced_filter'], properties: {
    mode: { type: 'string', enum: ['basic', 'advanced'], default: 'basic' },
    basic_filter: { type: 'object', 'x-flowfile-when': { mode: ['basic'] }, properties: {
      operator: { type: 'string', enum: ['equals', 'is_null', 'between'], default: 'equals' },
      value: { type: 'string', 'x-flowfile-when': { operator: ['equals', 'between'] } },
      value2: { type: 'string', 'x-flowfile-when': { operator: ['between'] } },
    } },
    advanced_filter: { ...formula, 'x-flowfile-when': { mode: ['advanced'] } },
  },
}
const filter: JsonSchema = {
  type: 'object', 'x-flowfile-order': ['filter_input', 'split_mode'], properties: {
    filter_input: filterInput,
    split_mode: { type: 'boolean', default: false, 'x-flowfile-hidden': true },
  },
}
const keys = (list: [string, JsonSchema][]) => list.map(([k]) => k)

describe('settings form modes', () => {
  it('shows the fields of the chosen mode, the default mode while none is set', () => {
    expect(keys(shownProperties(filterInput, {}))).toEqual(['mode', 'basic_filter'])
    expect(keys(shownProperties(filterInput, { mode: 'basic' }))).toEqual(['mode', 'basic_filter'])
    expect(keys(shownProperties(filterInput, { mode: 'advanced', basic_filter: { operator: 'equals' } })))
      .toEqual(['mode', 'advanced_filter'])
  })

  it('never shows a hidden setting, whatever its value', () => {
    expect(keys(shownProperties(filter, { split_mode: true }))).toEqual(['filter_input'])
  })

  it('reads a condition from the object that holds the field (list items too)', () => {
    const basic = filterInput.properties!.basic_filter!
    expect(keys(shownProperties(basic, { operator: 'is_null' }))).toEqual(['operator'])
    expect(keys(shownProperties(basic, { operator: 'between' }))).toEqual(['operator', 'value', 'value2'])
    expect(keys(shownProperties(basic, undefined))).toEqual(['operator', 'value'])
  })

  it('follows a JSON Pointer from the root for options in another object', () => {
    const read: JsonSchema = { type: 'object', properties: { received_file: { type: 'object', properties: {
      file_type: { type: 'string', enum: ['csv', 'excel', 'parquet'], default: 'csv' },
      table_settings: { type: 'object', properties: {
        delimiter: { type: 'string', 'x-flowfile-when': { '/received_file/file_type': ['csv'] } },
        sheet_name: { type: 'string', 'x-flowfile-when': { '/received_file/file_type': ['excel'] } },
      } },
    } } } }
    const table = read.properties!.received_file!.properties!.table_settings!
    const at = (fileType?: string) =>
      keys(shownProperties(table, {}, { schema: read, value: { received_file: fileType ? { file_type: fileType } : {} } }))
    expect(at('excel')).toEqual(['sheet_name'])
    expect(at(undefined)).toEqual(['delimiter'])  // the default file type
    expect(at('parquet')).toEqual([])
  })

  it('takes boolean switches and several conditions together', () => {
    const item: JsonSchema = { type: 'object', properties: {
      function: { type: 'string', enum: ['rolling_sum', 'rank'], default: 'rolling_sum' },
      edge: { type: 'string', enum: ['require_full', 'partial'], default: 'require_full' },
      min_periods: { type: 'integer', 'x-flowfile-when': { function: ['rolling_sum'], edge: ['require_full'] } },
      per_group: { type: 'boolean', default: false },
      groups: { type: 'array', 'x-flowfile-when': { per_group: [true] } },
    } }
    expect(isShown(item.properties!.min_periods!, item, {})).toBe(true)
    expect(isShown(item.properties!.min_periods!, item, { edge: 'partial' })).toBe(false)
    expect(isShown(item.properties!.min_periods!, item, { function: 'rank' })).toBe(false)
    expect(isShown(item.properties!.groups!, item, {})).toBe(false)
    expect(isShown(item.properties!.groups!, item, { per_group: true })).toBe(true)
  })

  it('shows a field whose condition names nothing the form knows', () => {
    const s: JsonSchema = { type: 'object', properties: { a: { 'x-flowfile-when': { gone: ['x'] } } } }
    expect(keys(shownProperties(s, {}))).toEqual(['a'])
  })
})

describe('type fields', () => {
  const types: JsonSchema = { type: 'string', default: 'String', enum: [
    'String', 'Int64', 'Float64', 'Boolean', 'Date', 'Datetime', 'Time', 'Int8', 'Int16', 'Int32', 'Decimal'] }

  it('keep a value the registry does not list among the choices', () => {
    expect(enumOptions(types, 'Int64')).toBe(types.enum)
    expect(enumOptions(types, 'integer')).toEqual([...types.enum!, 'integer'])
    expect(enumOptions(types, undefined)).toBe(types.enum)
  })

  it('flag a value outside a plain enum with the closest one', () => {
    expect(validateField(types, 'Int64', false)).toBe('')
    expect(validateField(types, 'integer', false)).toBe("'integer' is not one of the choices here; the closest is 'Int64'.")
    expect(validateField(types, 'Flaot64', false)).toMatch(/the closest is 'Float64'/)
  })

  const typeNames: JsonSchema = { ...types, 'x-flowfile-type-name': {
    aliases: ['integer', 'str', 'utf8'], parameterized: ['List', 'Array', 'Datetime', 'Decimal'] } }

  it('accept every spelling the core reads, and flag the rest as read as String', () => {
    for (const name of ['Int64', 'integer', 'INTEGER', 'Str', "Datetime(time_unit='us', time_zone=None)",
      'Decimal(precision=10, scale=2)', 'List(Int64)', 'List(utf8)', 'Array(Float64, 3)', 'Int64()']) {
      expect(validateField(typeNames, name, false), name).toBe('')
    }
    expect(validateField(typeNames, 'Flaot64', false)).toBe(
      "'Flaot64' is not a type name the core knows, so it would be read as String; the closest is 'Float64'.")
    expect(validateField(typeNames, 'List(Flaot64)', false)).toMatch(/read as String/)
  })

  it('find the closest choice by prefix, then by edits', () => {
    expect(closestChoice('bool', ['String', 'Boolean'])).toBe('Boolean')
    expect(closestChoice('strng', ['String', 'Int64'])).toBe('String')
    expect(closestChoice('x', [])).toBeUndefined()
  })
})
