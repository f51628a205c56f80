// A table's lineage as a left-to-right graph: the flows that produced it and their runs (left),
// the table versions each write read, the table's own versions (middle), and the tables made
// from it (right). Upstream tables share the runs' column: a run read them to write a version.
import type { TableLineage } from '../../api/types'

export interface LineageNode {
  id: string
  label: string
  kind: 'flow' | 'run' | 'upstream' | 'version' | 'downstream'
  position: { x: number; y: number }
  /** For the middle column: the version to show when the node is clicked. */
  version?: number
  /** For a flow the designer can open: its workspace path (flows/x.yaml). */
  flowPath?: string
}

export interface LineageEdge {
  id: string
  source: string
  target: string
}

const columnX = { flow: 0, run: 300, upstream: 300, version: 600, downstream: 900 }
const rowGap = 60

/** The first characters of a run id: enough to tell runs apart on a label. */
export function shortRunId(runId: string): string {
  return runId.length > 12 ? runId.slice(0, 12) : runId
}

export function lineageGraph(lineage: TableLineage): { nodes: LineageNode[]; edges: LineageEdge[] } {
  const nodes: LineageNode[] = []
  const edges: LineageEdge[] = []
  const rows = new Map<number, number>()  // next free row of each column
  const add = (id: string, label: string, kind: LineageNode['kind'], extra: Partial<LineageNode> = {}): void => {
    if (nodes.some((n) => n.id === id)) return
    const x = columnX[kind]
    const row = rows.get(x) ?? 0
    rows.set(x, row + 1)
    nodes.push({ id, label, kind, ...extra, position: { x, y: row * rowGap } })
  }
  const link = (source: string, target: string): void => {
    const id = `${source}->${target}`
    if (!edges.some((e) => e.id === id)) edges.push({ id, source, target })
  }
  const writes = [...lineage.writes].sort((a, b) => a.version - b.version)
  for (const w of writes) {
    const own = `v:${w.version}`
    add(own, `${lineage.full_name} v${w.version} · ${w.operation}`, 'version', { version: w.version })
    if (w.flow) {
      // flow -> run -> version: one node per flow and per run, however many writes they made.
      const flow = `f:${w.flow}`
      add(flow, w.flow, 'flow', w.flow_openable ? { flowPath: w.flow } : {})
      const run = `r:${w.run_id}`
      add(run, `run ${shortRunId(w.run_id)}`, 'run')
      link(flow, run)
      link(run, own)
    }
    for (const r of w.read_versions) {
      const up = `u:${r.table}@${r.version}`
      add(up, `${r.table} v${r.version}`, 'upstream')
      link(up, own)
    }
  }
  // Which of our versions each downstream table read is not recorded per table: the edge
  // starts at the newest version read by any run.
  const newestRead = lineage.reads.reduce((m, r) => Math.max(m, r.table_version), -1)
  const newestWrite = writes.at(-1)
  const fromVersion = newestRead >= 0 ? newestRead : newestWrite?.version
  const from = fromVersion === undefined ? '' : `v:${fromVersion}`
  if (fromVersion !== undefined && !nodes.some((n) => n.id === from)) {
    add(from, `${lineage.full_name} v${fromVersion}`, 'version', { version: fromVersion })
  }
  for (const table of lineage.downstream_tables) {
    const down = `d:${table}`
    add(down, table, 'downstream')
    if (from) link(from, down)
  }
  return { nodes, edges }
}
