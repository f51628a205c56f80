// A table's lineage as a left-to-right graph: the table versions each write read (left), the
// table's own versions (middle), and the tables made from it (right).
import type { TableLineage } from '../../api/types'

export interface LineageNode {
  id: string
  label: string
  kind: 'upstream' | 'version' | 'downstream'
  position: { x: number; y: number }
  /** For the middle column: the version to show when the node is clicked. */
  version?: number
}

export interface LineageEdge {
  id: string
  source: string
  target: string
}

const columnX = { upstream: 0, version: 320, downstream: 640 }
const rowGap = 60

export function lineageGraph(lineage: TableLineage): { nodes: LineageNode[]; edges: LineageEdge[] } {
  const nodes: LineageNode[] = []
  const edges: LineageEdge[] = []
  const rows = { upstream: 0, version: 0, downstream: 0 }
  const add = (id: string, label: string, kind: LineageNode['kind'], version?: number): void => {
    if (nodes.some((n) => n.id === id)) return
    nodes.push({ id, label, kind, version, position: { x: columnX[kind], y: rows[kind]++ * rowGap } })
  }
  const writes = [...lineage.writes].sort((a, b) => a.version - b.version)
  for (const w of writes) {
    const own = `v:${w.version}`
    add(own, `${lineage.full_name} v${w.version} · ${w.operation}`, 'version', w.version)
    for (const r of w.read_versions) {
      const up = `u:${r.table}@${r.version}`
      add(up, `${r.table} v${r.version}`, 'upstream')
      edges.push({ id: `${up}->${own}`, source: up, target: own })
    }
  }
  // Which of our versions each downstream table read is not recorded per table: the edge
  // starts at the newest version read by any run.
  const newestRead = lineage.reads.reduce((m, r) => Math.max(m, r.table_version), -1)
  const newestWrite = writes.at(-1)
  const fromVersion = newestRead >= 0 ? newestRead : newestWrite?.version
  const from = fromVersion === undefined ? '' : `v:${fromVersion}`
  if (fromVersion !== undefined && !nodes.some((n) => n.id === from)) {
    add(from, `${lineage.full_name} v${fromVersion}`, 'version', fromVersion)
  }
  for (const table of lineage.downstream_tables) {
    const down = `d:${table}`
    add(down, table, 'downstream')
    if (from) edges.push({ id: `${from}->${down}`, source: from, target: down })
  }
  return { nodes, edges }
}
