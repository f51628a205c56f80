// The shapes of the settings drawer's routes: predicted schemas of a flow being edited
// (POST /api/v1/flows/schemas) and the formula language (/api/v1/formula/*).
import type { FlowColumn } from './flows'

/** The columns arriving on one input, from node `node`, or why they are unknown. */
export interface InputSchema {
  node: number
  columns?: FlowColumn[]
  error?: string
}

/** One node's predicted output columns (or its error) and the columns on each input. */
export interface NodeSchemas {
  columns?: FlowColumn[]
  error?: string
  inputs: { main: InputSchema[]; right?: InputSchema; left?: InputSchema }
}

export interface FlowSchemas {
  nodes: Record<string, NodeSchemas>
}

export interface FormulaFunction {
  name: string
  group: string
  signature: string
  description: string
}

/** ok with the result type, or the error and its 0-based character position. */
export interface FormulaCheck {
  ok: boolean
  type?: string
  message?: string
  position?: number
  line?: number
  column?: number
}
