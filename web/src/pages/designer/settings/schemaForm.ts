// A node's settings form, as pure functions over its JSON Schema (from the node registry):
// which widget each field gets, its default, its validation message, and immutable reads and
// writes at a path. The registry marks column, column-list and formula fields with
// "x-flowfile-widget", and the fields that belong to a mode with "x-flowfile-when", so nothing
// here knows any node type.
import type { FlowColumn } from '../../../api/flows'

export interface JsonSchema {
  type?: string | string[]
  title?: string
  default?: unknown
  enum?: unknown[]
  format?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  'x-flowfile-widget'?: 'column' | 'columns' | 'formula'
  'x-flowfile-input'?: string
  /** The order a form shows the properties in (JSON objects keep none). */
  'x-flowfile-order'?: string[]
  /**
   * Shown only while each named property holds one of the listed values. A name is a sibling
   * property, or, starting with '/', a JSON Pointer from the root of the node's settings.
   */
  'x-flowfile-when'?: Record<string, unknown[]>
  /** Kept in the settings (for Flowfile's files) but never shown. */
  'x-flowfile-hidden'?: boolean
  /** A data type name: besides its enum, the other spellings the core reads. */
  'x-flowfile-type-name'?: { aliases?: string[]; parameterized?: string[] }
}

/** The whole settings and their schema, for conditions that point from the root. */
export interface FormRoot {
  schema: JsonSchema
  value: unknown
}

export type FieldKind = 'column' | 'columns' | 'formula' | 'enum' | 'string' | 'number' | 'integer'
  | 'boolean' | 'object' | 'array' | 'json'

export type Path = (string | number)[]

/** The schema's type, "null" left out ("integer" for ["integer", "null"]). */
export function mainType(schema: JsonSchema): string | undefined {
  const t = schema.type
  if (Array.isArray(t)) return t.find((x) => x !== 'null')
  return t
}

export function isNullable(schema: JsonSchema): boolean {
  return Array.isArray(schema.type) && schema.type.includes('null')
}

/** The widget for a field. Shapes the form cannot show as fields are edited as JSON. */
export function fieldKind(schema: JsonSchema): FieldKind {
  const widget = schema['x-flowfile-widget']
  if (widget) return widget
  if (Array.isArray(schema.enum)) return 'enum'
  const t = mainType(schema)
  if (t === 'string' || t === 'number' || t === 'integer' || t === 'boolean') return t
  if (t === 'object') return schema.properties ? 'object' : 'json'
  if (t === 'array') {
    const items = schema.items ? fieldKind(schema.items) : 'json'
    return items === 'json' || items === 'array' ? 'json' : 'array'
  }
  return 'json'
}

/** An object's properties in the registry's order, then any it does not list. */
export function orderedProperties(schema: JsonSchema): [string, JsonSchema][] {
  const properties = schema.properties ?? {}
  const order = (schema['x-flowfile-order'] ?? []).filter((k) => k in properties)
  const rest = Object.keys(properties).filter((k) => !order.includes(k))
  return [...order, ...rest].map((k) => [k, properties[k]!])
}

/** The schema and value a JSON Pointer ("/a/b") names from the root (schema undefined: none). */
function atPointer(root: FormRoot, pointer: string): { schema?: JsonSchema; value: unknown } {
  let schema: JsonSchema | undefined = root.schema
  let value: unknown = root.value
  for (const key of pointer.split('/').slice(1)) {
    schema = schema?.properties?.[key]
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  }
  return { schema, value }
}

/**
 * Whether a property is shown: not hidden, and every condition of its "x-flowfile-when" holds,
 * reading each named property's value (or its default while unset) from `object`, the value of
 * the object that holds the property (schema `parent`), or from `root` for pointers. Hidden
 * fields keep their values; they are only not shown (so not validated either).
 */
export function isShown(schema: JsonSchema, parent: JsonSchema, object: unknown, root?: FormRoot): boolean {
  if (schema['x-flowfile-hidden'] === true) return false
  for (const [key, values] of Object.entries(schema['x-flowfile-when'] ?? {})) {
    const target = key.startsWith('/')
      ? (root ? atPointer(root, key) : { schema: undefined, value: undefined })
      : { schema: parent.properties?.[key], value: getAt(object, [key]) }
    if (!target.schema) continue  // a condition on nothing the form knows: show the field
    if (!values.includes(shownValue(target.schema, target.value))) return false
  }
  return true
}

/** The properties a form shows for `object` now: the registry's order, the mode's fields only. */
export function shownProperties(schema: JsonSchema, object: unknown, root?: FormRoot): [string, JsonSchema][] {
  return orderedProperties(schema).filter(([, field]) => isShown(field, schema, object, root))
}

/** The choices of an enum field: the schema's, plus a value it does not list (so it stays shown). */
export function enumOptions(schema: JsonSchema, value: unknown): unknown[] {
  const options = schema.enum ?? []
  return isEmpty(value) || options.includes(value) ? options : [...options, value]
}

/** Edit distance between two texts, case ignored (for "the closest is ..."). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[y.length]!
}

/** The choice closest to `text`: the longest one it starts with, one starting with it, else fewest edits. */
export function closestChoice(text: string, choices: unknown[]): string | undefined {
  const names = choices.map(String).filter((c) => c !== '')
  const lower = text.toLowerCase()
  const heads = names.filter((c) => lower.startsWith(c.toLowerCase())).sort((a, b) => b.length - a.length)
  const prefixed = heads[0] ?? names.find((c) => c.toLowerCase().startsWith(lower))
  if (prefixed) return prefixed
  let best: string | undefined
  let bestDistance = Infinity
  for (const name of names) {
    const d = distance(text, name)
    if (d < bestDistance) [best, bestDistance] = [name, d]
  }
  return best
}

/** The field's label: its title, else its key made readable. */
export function fieldLabel(schema: JsonSchema, key: string | number): string {
  if (schema.title) return schema.title
  const text = String(key).replace(/_/g, ' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/** A new value for a field (a new list item): its default, objects filled from theirs. */
export function initialValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return clone(schema.default)
  const kind = fieldKind(schema)
  if (kind === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(schema.properties ?? {})) {
      const value = initialValue(field)
      if (value !== undefined) out[key] = value
    }
    return out
  }
  if (kind === 'array' || kind === 'columns') return []
  if (kind === 'boolean') return false
  if (kind === 'string' || kind === 'column' || kind === 'formula' || kind === 'enum') return ''
  return undefined
}

/** What the field shows: the settings' value, else the schema's default. */
export function shownValue(schema: JsonSchema, value: unknown): unknown {
  return value === undefined || value === null ? (schema.default ?? value) : value
}

export function getAt(root: unknown, path: Path): unknown {
  let at: unknown = root
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string | number, unknown>)[key]
  }
  return at
}

/** `root` with `value` at `path` (copies along the path; undefined removes an object key). */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const [key, ...rest] = path as [string | number, ...Path]
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...root] : []
    list[key] = setAt(list[key], rest, value)
    return list
  }
  const object: Record<string, unknown> =
    root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...(root as Record<string, unknown>) } : {}
  const next = setAt(object[key], rest, value)
  if (next === undefined) delete object[key]
  else object[key] = next
  return object
}

/** A number typed into a field: the value, or the message saying what is expected. */
export function parseNumber(text: string, integer: boolean, nullable: boolean): { value?: number | null; error?: string } {
  const trimmed = text.trim()
  if (trimmed === '') return nullable ? { value: null } : { error: 'Enter a number.' }
  const value = Number(trimmed)
  if (!Number.isFinite(value)) return { error: `'${trimmed}' is not a number; enter digits such as ${integer ? '10' : '2.5'}.` }
  if (integer && !Number.isInteger(value)) return { error: `'${trimmed}' is not a whole number; enter one such as 10.` }
  return { value }
}

/**
 * Whether the core reads `text` as a type (the rules of its type-name parser): a listed name, an
 * alias in any case, or a parameterized head such as "Datetime(...)" ("List(...)" checks its item).
 */
export function isKnownTypeName(text: string, choices: unknown[],
  spellings: { aliases?: string[]; parameterized?: string[] }): boolean {
  const name = text.trim()
  const open = name.indexOf('(')
  if (open > 0 && name.endsWith(')')) {
    const head = name.slice(0, open).trim()
    if (!(spellings.parameterized ?? []).includes(head)) return isKnownTypeName(head, choices, spellings)
    if (head !== 'List' && head !== 'Array') return true
    return isKnownTypeName(name.slice(open + 1, -1).split(',')[0]!, choices, spellings)
  }
  return choices.includes(name) || (spellings.aliases ?? []).includes(name.toLowerCase())
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

/**
 * The message for a field's value, or '' when it is fine. `columns` is what arrives at the
 * field's input (undefined when unknown), checked for column fields.
 */
export function validateField(schema: JsonSchema, value: unknown, required: boolean, columns?: FlowColumn[]): string {
  const kind = fieldKind(schema)
  if (isEmpty(value)) {
    if (!required) return ''
    if (kind === 'column') return 'Required: choose a column.'
    if (kind === 'columns') return 'Required: choose at least one column.'
    if (kind === 'enum') return 'Required: choose one.'
    return 'Required: enter a value.'
  }
  if (kind === 'enum' && !(schema.enum ?? []).includes(value)) {
    const choices = schema.enum ?? []
    const typeName = schema['x-flowfile-type-name']
    if (typeName) {
      if (isKnownTypeName(String(value), choices, typeName)) return ''
      const closest = closestChoice(String(value), choices)
      return `'${String(value)}' is not a type name the core knows, so it would be read as String` +
        `${closest ? `; the closest is '${closest}'` : ''}.`
    }
    if (choices.length > 8) {
      const closest = closestChoice(String(value), choices)
      return `'${String(value)}' is not one of the choices here${closest ? `; the closest is '${closest}'` : ''}.`
    }
    return `'${String(value)}' is not a choice here; choose one of ${choices.join(', ')}.`
  }
  if ((kind === 'integer' || kind === 'number') && typeof value !== 'number') {
    const parsed = parseNumber(String(value), kind === 'integer', isNullable(schema))
    if (parsed.error) return parsed.error
  }
  if (columns && (kind === 'column' || kind === 'columns')) {
    const names = new Set(columns.map((c) => c.name))
    const missing = (Array.isArray(value) ? value : [value]).filter((v) => !names.has(String(v)))
    if (missing.length > 0) {
      const what = missing.map((m) => `'${String(m)}'`).join(', ')
      return `${what} ${missing.length === 1 ? 'does' : 'do'} not arrive at this node's input; choose from the list.`
    }
  }
  return ''
}

/** The columns a column field chooses from: its input port's ("main": every main input's). */
export interface ColumnChoice {
  columns?: FlowColumn[]
  /** Why the columns are unknown (the input cannot be predicted), when they are. */
  error?: string
}
