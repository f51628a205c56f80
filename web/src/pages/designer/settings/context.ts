// What every field of a settings form may need besides its own schema and value: the columns
// arriving on each input port and the formula functions. Provided by the drawer, injected by
// the fields (the form nests to any depth).
import { inject, provide, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import type { FormulaFunction } from '../../../api/settings'
import type { ColumnChoice, FormRoot } from './schemaForm'

export interface SettingsContext {
  /** The columns of input `port` ("main", "right", "left"); undefined while not predicted. */
  columns: (port: string) => ColumnChoice | undefined
  functions: Ref<FormulaFunction[]>
}

const key: InjectionKey<SettingsContext> = Symbol('settings-context')

export function provideSettingsContext(context: SettingsContext): void {
  provide(key, context)
}

export function useSettingsContext(): SettingsContext {
  const context = inject(key)
  if (!context) throw new Error('a settings field is used outside the settings drawer')
  return context
}

// The form's whole settings and schema, for fields shown by a condition on another object's
// property ("x-flowfile-when" with a JSON Pointer). Provided by SchemaForm.
const rootKey: InjectionKey<ComputedRef<FormRoot>> = Symbol('settings-form-root')

export function provideFormRoot(root: ComputedRef<FormRoot>): void {
  provide(rootKey, root)
}

export function useFormRoot(): ComputedRef<FormRoot> | undefined {
  return inject(rootKey, undefined)
}
