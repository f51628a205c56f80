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
  /** The node type's output names, one handle each ("output-0", "output-1", …). */
  outputs: string[]
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

/** Output names by node type (the registry's `outputs`); a type not listed has one, "main". */
export type OutputsByType = Record<string, string[]>

/** The registry's outputs of a type as names (it may give a count, names or port objects). */
export function outputNames(outputs: number | string[] | { name?: string }[]): string[] {
  if (typeof outputs === 'number') return Array.from({ length: outputs }, (_, i) => (i ? `output ${i}` : 'main'))
  return outputs.map((p, i) => (typeof p === 'string' ? p : p.name ?? (i ? `output ${i}` : 'main')))
}

export function toNodes(flow: CanvasFlow, runs: Record<number, NodeRunState> = {},
  outputs: OutputsByType = {}): Node<FlowNodeData>[] {
  return flow.nodes.map((n) => ({
    id: String(n.id),
    type: 'flow',
    position: { x: n.position.x, y: n.position.y },
    data: { label: nodeLabel(n), type: n.type, error: n.error, run: runs[n.id], sidePorts: sidePorts(n),
      group: typeof n.extra?.group_id === 'number' ? n.extra.group_id : null,
      outputs: outputs[n.type] ?? ['main'] },
  }))
}

/** The output handle each reader of `node` leaves by, from the flow file's `outputs` and
 * `output_handles` (kept in the node's `extra`); readers not listed leave by "output-0". */
export function outputHandles(node: CanvasNode): Map<number, string> {
  const out = new Map<number, string>()
  const readers = node.extra?.outputs
  const handles = node.extra?.output_handles
  if (!Array.isArray(readers) || !Array.isArray(handles)) return out
  readers.forEach((reader, i) => {
    if (typeof reader === 'number' && typeof handles[i] === 'string') out.set(reader, handles[i])
  })
  return out
}

/** Edges from each node's inputs (the source of truth that is saved). */
export function toEdges(flow: CanvasFlow): Edge[] {
  const out: Edge[] = []
  // The output handle of each wire, looked up once per source (a 200-node flow has as many edges).
  const handles = new Map<number, Map<number, string>>()
  for (const n of flow.nodes) handles.set(n.id, outputHandles(n))
  // The server's edges as loaded, for wires the nodes' own lists do not name.
  const loaded = new Map<string, string>()
  for (const e of flow.edges ?? []) loaded.set(`${e.source}->${e.target}`, e.source_handle)
  for (const n of flow.nodes) {
    const add = (from: number, port: string): void => {
      const handle = handles.get(from)?.get(n.id) ?? loaded.get(`${from}->${n.id}`) ?? 'output-0'
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
export function withEdge(flow: CanvasFlow, source: number, target: number, port: string,
  sourceHandle = 'output-0'): CanvasFlow {
  if (source === target) return flow
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      if (n.id === source) return withOutputHandle(n, target, sourceHandle)
      if (n.id !== target) return n
      const inputs = { ...n.inputs, main: [...n.inputs.main] }
      if (port === 'right') inputs.right = source
      else if (port === 'left') inputs.left = source
      else if (!inputs.main.includes(source)) inputs.main.push(source)
      return { ...n, inputs }
    }),
  }
}

/** `node` with `reader` listed as leaving by `handle` (the flow file's outputs and
 * output_handles, which the server keeps for readers that stay). */
function withOutputHandle(node: CanvasNode, reader: number, handle: string): CanvasNode {
  const current = outputHandles(node)
  const readers: unknown[] = Array.isArray(node.extra?.outputs) ? node.extra.outputs : []
  if (handle === 'output-0' && !current.has(reader)) return node
  const ids = readers.filter((r): r is number => typeof r === 'number' && r !== reader)
  const extra = {
    ...node.extra,
    outputs: [...ids, reader],
    output_handles: [...ids.map((r) => current.get(r) ?? 'output-0'), handle],
  }
  return { ...node, extra }
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
