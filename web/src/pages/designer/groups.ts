// Visual groups, saved as Flowfile saves them: the flow's top-level `groups` list and each
// member node's `group_id` (both travel in the canvas JSON's "extra"). Groups change nothing
// when the flow runs. A group's box follows its members; a group without members is dropped.
import type { CanvasFlow } from '../../api/flows'
import { nodeBox } from './layout'

export interface FlowGroup {
  id: number
  name: string
  color: string | null
  x_position: number
  y_position: number
  width: number
  height: number
  collapsed: boolean
  parent_group_id: number | null
}

const pad = 24

export function groupsOf(flow: CanvasFlow): FlowGroup[] {
  const raw = flow.extra?.groups
  return Array.isArray(raw) ? (raw as FlowGroup[]) : []
}

export function groupIdOf(node: { extra?: Record<string, unknown> }): number | null {
  const g = node.extra?.group_id
  return typeof g === 'number' ? g : null
}

/** Each group's box around its members (null for a group with none). */
function boxOf(flow: CanvasFlow, id: number): Pick<FlowGroup, 'x_position' | 'y_position' | 'width' | 'height'> | null {
  const members = flow.nodes.filter((n) => groupIdOf(n) === id)
  if (members.length === 0) return null
  const xs = members.map((n) => n.position.x)
  const ys = members.map((n) => n.position.y)
  const x = Math.min(...xs) - pad
  const y = Math.min(...ys) - pad - 16 // room for the group's name
  return { x_position: x, y_position: y,
    width: Math.max(...xs) + nodeBox.width - 20 + pad - x, height: Math.max(...ys) + nodeBox.height - 20 + pad - y }
}

/** The flow with each group's box fitted to its members and empty groups removed. */
export function withFittedGroups(flow: CanvasFlow): CanvasFlow {
  const before = groupsOf(flow)
  if (before.length === 0) return flow
  const groups: FlowGroup[] = []
  for (const g of before) {
    const box = boxOf(flow, g.id)
    if (box) groups.push({ ...g, ...box })
  }
  const extra = { ...flow.extra }
  if (groups.length > 0) extra.groups = groups
  else delete extra.groups
  return { ...flow, extra }
}

/** The flow with a new group named `name` holding the nodes `ids` (moved out of other groups). */
export function withGroup(flow: CanvasFlow, ids: Iterable<number>, name: string): CanvasFlow {
  const members = new Set(ids)
  const id = groupsOf(flow).reduce((m, g) => Math.max(m, g.id), 0) + 1
  const group: FlowGroup = { id, name, color: 'blue', x_position: 0, y_position: 0, width: 400, height: 250,
    collapsed: false, parent_group_id: null }
  const nodes = flow.nodes.map((n) => (members.has(n.id) ? { ...n, extra: { ...n.extra, group_id: id } } : n))
  return withFittedGroups({ ...flow, nodes, extra: { ...flow.extra, groups: [...groupsOf(flow), group] } })
}

/** The flow with the groups of the nodes `ids` dissolved (their members stay). */
export function withoutGroupsOf(flow: CanvasFlow, ids: Iterable<number>): CanvasFlow {
  const chosen = new Set(ids)
  const gone = new Set(flow.nodes.filter((n) => chosen.has(n.id)).map(groupIdOf).filter((g) => g !== null))
  const nodes = flow.nodes.map((n) => {
    const g = groupIdOf(n)
    if (g === null || !gone.has(g)) return n
    const { group_id: _g, ...extra } = n.extra ?? {}
    return { ...n, extra }
  })
  return withFittedGroups({ ...flow, nodes })
}
