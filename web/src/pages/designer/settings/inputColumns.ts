// The columns each input port of a node offers to its column pickers, from the predicted
// schemas of the flow as it is being edited (POST /api/v1/flows/schemas).
import type { FlowColumn } from '../../../api/flows'
import type { InputSchema, NodeSchemas } from '../../../api/settings'
import type { ColumnChoice } from './schemaForm'

function fromInputs(inputs: InputSchema[], port: string): ColumnChoice {
  if (inputs.length === 0) return { error: `Nothing is connected to the ${port} input yet.` }
  const failed = inputs.find((i) => !i.columns)
  if (failed) return { error: failed.error ?? `The columns of node ${failed.node} are unknown.` }
  // Several main inputs (union): every name once, in the order they first arrive.
  const seen = new Map<string, FlowColumn>()
  for (const input of inputs) for (const c of input.columns ?? []) if (!seen.has(c.name)) seen.set(c.name, c)
  return { columns: [...seen.values()] }
}

/** The choice for `port` ("main", "right", "left"); undefined while nothing is predicted. */
export function columnsFor(schemas: NodeSchemas | undefined, port: string): ColumnChoice | undefined {
  if (!schemas) return undefined
  if (port === 'main') return fromInputs(schemas.inputs.main, port)
  const side = port === 'right' ? schemas.inputs.right : port === 'left' ? schemas.inputs.left : undefined
  return fromInputs(side ? [side] : [], port)
}
