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
  // The output handle of each wire, looked up once (a 200-node flow has as many edges).
  const handles = new Map<string, string>()
  for (const e of flow.edges ?? []) {
    const key = `${e.source}->${e.target}`
    if (!handles.has(key)) handles.set(key, e.source_handle)
  }
  for (const n of flow.nodes) {
    const add = (from: number, port: string): void => {
      const handle = handles.get(`${from}->${n.id}`) ?? 'output-0'
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

export interface Viewport { x: number; y: number; zoom: number }

/** The viewport that shows nodes at `points` (their top-left corners, each about `size`)
 * centred in a `box` of pixels with `padding` around, the zoom kept within `limits`.
 * Computed from the positions alone, so a flow can open already in view: Vue Flow's fitView
 * must wait until every node is drawn and measured, then draw them all again. */
export function viewportFor(points: { x: number; y: number }[], box: { width: number; height: number },
  size = { width: 180, height: 56 }, padding = 0.2, limits = { min: 0.5, max: 1.5 }): Viewport {
  if (points.length === 0 || box.width <= 0 || box.height <= 0) return { x: 0, y: 0, zoom: 1 }
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const left = Math.min(...xs)
  const top = Math.min(...ys)
  const width = Math.max(...xs) + size.width - left
  const height = Math.max(...ys) + size.height - top
  const fit = Math.min(box.width / (width * (1 + padding)), box.height / (height * (1 + padding)))
  const zoom = Math.min(limits.max, Math.max(limits.min, fit))
  return { x: box.width / 2 - (left + width / 2) * zoom, y: box.height / 2 - (top + height / 2) * zoom, zoom }
}
