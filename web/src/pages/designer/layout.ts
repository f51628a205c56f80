// Auto-layout: dagre ranks the flow left to right (sources on the left, sinks on the right)
// and returns each node's new top-left position. Pure, so it is unit-tested.
import { Graph, layout } from '@dagrejs/dagre'
import type { CanvasFlow } from '../../api/flows'

/** The size dagre reserves for a node (a canvas node is about 180 × 60). */
export const nodeBox = { width: 200, height: 80 }

/** Positions by node id (as text, like Vue Flow's ids); nodes without edges are ranked too. */
export function layoutPositions(flow: CanvasFlow): Record<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true })
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 70, marginx: 20, marginy: 20 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const n of flow.nodes) g.setNode(String(n.id), { width: nodeBox.width, height: nodeBox.height })
  const ids = new Set(flow.nodes.map((n) => n.id))
  for (const n of flow.nodes) {
    const from = [...n.inputs.main, n.inputs.right, n.inputs.left]
    from.forEach((s, i) => {
      if (s !== null && ids.has(s)) g.setEdge(String(s), String(n.id), {}, `${s}-${n.id}-${i}`)
    })
  }
  layout(g)
  const out: Record<string, { x: number; y: number }> = {}
  for (const n of flow.nodes) {
    const p = g.node(String(n.id))
    // dagre gives centres; the canvas places nodes by their top-left corner.
    out[String(n.id)] = { x: Math.round(p.x - nodeBox.width / 2), y: Math.round(p.y - nodeBox.height / 2) }
  }
  return out
}
