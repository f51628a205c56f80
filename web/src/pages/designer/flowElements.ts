// Flow JSON <-> Vue Flow elements: pure functions, so the mapping is unit-tested.
import type { Edge, Node } from '@vue-flow/core'
import type { CanvasFlow, CanvasNode } from '../../api/flows'
import type { NodeRunState } from './runState'

export interface FlowNodeData {
  label: string
  type: string
  /** The input ports the node shows besides "main" ("right", "left"). */
  sidePorts: string[]
  error?: string
  run?: NodeRunState
  /** The visual group the node belongs to (flow format's group_id). */
  group?: number | null
}

/** The label a node shows: its description, else its type and id. */
export function nodeLabel(node: CanvasNode): string {
  return node.description.trim() || `${node.type} ${node.id}`
}

/** "right" and "left" when the node has them wired (join, cross join, fuzzy match, …). */
export function sidePorts(node: CanvasNode): string[] {
  const out: string[] = []
  if (node.inputs.right !== null) out.push('right')
  if (node.inputs.left !== null) out.push('left')
  return out
}

export function toNodes(flow: CanvasFlow, runs: Record<number, NodeRunState> = {}): Node<FlowNodeData>[] {
  return flow.nodes.map((n) => ({
    id: String(n.id),
    type: 'flow',
    position: { x: n.position.x, y: n.position.y },
    data: { label: nodeLabel(n), type: n.type, error: n.error, run: runs[n.id], sidePorts: sidePorts(n),
      group: typeof n.extra?.group_id === 'number' ? n.extra.group_id : null },
  }))
}

/** Edges from each node's inputs (the source of truth that is saved). */
export function toEdges(flow: CanvasFlow): Edge[] {
  const out: Edge[] = []
  for (const n of flow.nodes) {
    const add = (from: number, port: string): void => {
      const handle = flow.edges?.find((e) => e.source === from && e.target === n.id)?.source_handle ?? 'output-0'
      out.push({ id: `${from}->${n.id}:${port}`, source: String(from), target: String(n.id),
        sourceHandle: handle, targetHandle: port })
    }
    for (const from of new Set(n.inputs.main)) add(from, 'main')
    if (n.inputs.right !== null) add(n.inputs.right, 'right')
    if (n.inputs.left !== null) add(n.inputs.left, 'left')
  }
  return out
}

/** The flow with the canvas positions of its nodes (rounded). */
export function withPositions(flow: CanvasFlow, positions: Record<string, { x: number; y: number }>): CanvasFlow {
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      const p = positions[String(n.id)]
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n
    }),
  }
}

/** The flow with an edge from `source` into `target`'s port ("main", "right" or "left"). */
export function withEdge(flow: CanvasFlow, source: number, target: number, port: string): CanvasFlow {
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      if (n.id !== target || source === target) return n
      const inputs = { ...n.inputs, main: [...n.inputs.main] }
      if (port === 'right') inputs.right = source
      else if (port === 'left') inputs.left = source
      else if (!inputs.main.includes(source)) inputs.main.push(source)
      return { ...n, inputs }
    }),
  }
}

/** The flow with a new node of `type` at `position` (the next free id). */
export function withNewNode(flow: CanvasFlow, type: string, position: { x: number; y: number }): CanvasFlow {
  const id = flow.nodes.reduce((m, n) => Math.max(m, n.id), 0) + 1
  const node: CanvasNode = { id, type, description: '', settings: {}, position,
    inputs: { main: [], right: null, left: null }, extra: {} }
  return { ...flow, nodes: [...flow.nodes, node] }
}

/** The JSON the server saves: derived fields dropped. */
export function forSaving(flow: CanvasFlow): CanvasFlow {
  // Parameters are kept: the server writes them to flowfile_settings.parameters.
  const { edges: _edges, path: _path, ...rest } = flow
  return { ...rest, nodes: flow.nodes.map(({ schema: _s, error: _e, runnable: _r, ...n }) => n) }
}
