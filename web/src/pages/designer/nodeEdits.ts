// Edits the settings drawer makes to the flow's canvas JSON: pure functions, unit-tested.
import type { CanvasFlow, CanvasNode } from '../../api/flows'

function withNode(flow: CanvasFlow, id: number, edit: (n: CanvasNode) => CanvasNode): CanvasFlow {
  return { ...flow, nodes: flow.nodes.map((n) => (n.id === id ? edit(n) : n)) }
}

/**
 * The flow with node `id`'s settings replaced. A node written by save_graph also carries the
 * exact step it was saved from (extra.flowfile_cpp), which the engine prefers to the settings;
 * once the settings are edited that step is stale, so it is dropped and the settings rule.
 */
export function withNodeSettings(flow: CanvasFlow, id: number, settings: Record<string, unknown>): CanvasFlow {
  return withNode(flow, id, (n) => {
    const { flowfile_cpp: _saved, ...extra } = n.extra ?? {}
    return { ...n, settings, extra }
  })
}

/** The flow with node `id`'s description (its label on the canvas) replaced. */
export function withNodeDescription(flow: CanvasFlow, id: number, description: string): CanvasFlow {
  return withNode(flow, id, (n) => ({ ...n, description }))
}
