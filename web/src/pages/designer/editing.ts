// Canvas edits that touch several nodes at once: delete, remove an edge, copy and paste. Pure
// functions over canvas JSON, so they are unit-tested.
import type { CanvasFlow, CanvasNode } from '../../api/flows'

/** What Copy keeps: the nodes, with only the inputs that come from inside the copied set. */
export interface Clipboard {
  nodes: CanvasNode[]
}

/** A deep copy of plain JSON data (works on Vue's reactive proxies, unlike structuredClone). */
function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function withoutGroup(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const { group_id: _g, outputs: _o, output_handles: _h, ...rest } = extra ?? {}
  return rest
}

function keepInputs(node: CanvasNode, keep: (id: number) => boolean): CanvasNode {
  const { right, left } = node.inputs
  return {
    ...node,
    inputs: {
      main: node.inputs.main.filter(keep),
      right: right !== null && keep(right) ? right : null,
      left: left !== null && keep(left) ? left : null,
    },
  }
}

/** The flow without the nodes `ids`; nodes that read them lose those inputs. */
export function withoutNodes(flow: CanvasFlow, ids: Iterable<number>): CanvasFlow {
  const gone = new Set(ids)
  const nodes = flow.nodes.filter((n) => !gone.has(n.id)).map((n) => keepInputs(n, (id) => !gone.has(id)))
  return { ...flow, nodes }
}

/** The flow without the edge from `source` into `target`'s `port`. */
export function withoutEdge(flow: CanvasFlow, source: number, target: number, port: string): CanvasFlow {
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      if (n.id !== target) return n
      const inputs = { ...n.inputs, main: [...n.inputs.main] }
      if (port === 'right' && inputs.right === source) inputs.right = null
      else if (port === 'left' && inputs.left === source) inputs.left = null
      else inputs.main = inputs.main.filter((id) => id !== source)
      return { ...n, inputs }
    }),
  }
}

/** The nodes `ids` (in flow order), keeping the edges between them and dropping the others. */
export function copyNodes(flow: CanvasFlow, ids: Iterable<number>): Clipboard {
  const chosen = new Set(ids)
  const nodes = flow.nodes
    .filter((n) => chosen.has(n.id))
    .map((n) => keepInputs({ ...n, extra: withoutGroup(n.extra), schema: undefined, error: undefined },
      (id) => chosen.has(id)))
  return { nodes: cloneJson(nodes) }
}

/**
 * The flow with the clipboard's nodes added under new ids (after the highest id in use),
 * their inputs renumbered the same way, moved by `offset`. Returns the new ids too.
 */
export function pasteNodes(flow: CanvasFlow, clip: Clipboard, offset = { x: 40, y: 40 }):
  { flow: CanvasFlow; ids: number[] } {
  let next = flow.nodes.reduce((m, n) => Math.max(m, n.id), 0)
  const renumber = new Map<number, number>()
  for (const n of clip.nodes) renumber.set(n.id, ++next)
  const map = (id: number): number => renumber.get(id) as number
  const added = clip.nodes.map((n): CanvasNode => {
    const copy = cloneJson(n)
    return {
      ...copy,
      id: map(n.id),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      inputs: {
        main: n.inputs.main.map(map),
        right: n.inputs.right === null ? null : map(n.inputs.right),
        left: n.inputs.left === null ? null : map(n.inputs.left),
      },
    }
  })
  return { flow: { ...flow, nodes: [...flow.nodes, ...added] }, ids: added.map((n) => n.id) }
}
