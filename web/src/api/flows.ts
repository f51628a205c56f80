// The shapes of the flow and run routes (/api/v1/flows, /api/v1/runs), as the server writes
// them (docs/web-api.md, "Flows" and "Runs").

export interface FlowFileEntry {
  path: string
  name: string
  modified: string
}

export interface NodeInputs {
  main: number[]
  right: number | null
  left: number | null
}

export interface FlowColumn {
  name: string
  type: string
}

export interface CanvasNode {
  id: number
  type: string
  description: string
  settings: Record<string, unknown>
  position: { x: number; y: number }
  inputs: NodeInputs
  runnable?: boolean
  extra?: Record<string, unknown>
  schema?: FlowColumn[]
  error?: string
}

export interface CanvasEdge {
  id: string
  source: number
  target: number
  source_handle: string
  target_handle: string
}

export interface FlowParameterInfo {
  name: string
  default_value: string
  description: string
  type: string
  enum_values: string[]
}

export interface CanvasFlow {
  path?: string
  name?: string
  settings?: Record<string, unknown>
  parameters?: FlowParameterInfo[]
  extra?: Record<string, unknown>
  nodes: CanvasNode[]
  edges?: CanvasEdge[]
}

export type RunEventType = 'run_started' | 'node_started' | 'node_finished' | 'node_error' | 'log'
  | 'run_finished' | 'run_failed' | 'run_cancelled'

export interface RunEvent {
  type: RunEventType
  run_id: string
  time: string
  node_id?: number
  rows?: number
  ms?: number
  error?: string
  message?: string
  level?: string
}

/** A column's simple statistics in a node preview (distinct is approximate). */
export interface ColumnStats {
  nulls: number
  distinct?: number
  min?: unknown
  max?: unknown
}

/** POST /api/v1/flows/preview: a node's first rows, total row count and column stats. */
export interface NodePreview {
  node_id: number
  columns: FlowColumn[]
  rows: unknown[][]
  total_rows: number
  stats: Record<string, ColumnStats>
  /** The rows the stats cover (the first 100,000 unless full stats were asked for). */
  stats_rows: number
  ms: number
}
