// The node registry and the formula functions, fetched once per page load: both are compiled
// into the server and never change while it runs.
import { api } from '../../../api/client'
import type { FormulaFunction } from '../../../api/settings'
import type { NodeType } from '../../../api/types'

let nodeTypes: Promise<NodeType[]> | null = null
let functions: Promise<FormulaFunction[]> | null = null

function once<T>(load: () => Promise<T>, reset: () => void): Promise<T> {
  return load().catch((e: unknown) => {
    reset()  // a failed load is tried again next time
    throw e
  })
}

export function loadNodeTypes(): Promise<NodeType[]> {
  nodeTypes ??= once(() => api.nodes(), () => { nodeTypes = null })
  return nodeTypes
}

export function loadFormulaFunctions(): Promise<FormulaFunction[]> {
  functions ??= once(() => api.formula.functions(), () => { functions = null })
  return functions
}
