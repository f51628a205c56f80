import { describe, expect, it } from 'vitest'
import { lineageGraph } from '../pages/catalog/lineageGraph'

describe('lineage graph', () => {
  it('puts what each write read left, the versions in the middle, derived tables right', () => {
    const { nodes, edges } = lineageGraph({
      full_name: 'sales.big',
      writes: [
        { version: 1, run_id: 'r2', operation: 'WRITE', read_versions: [{ table: 'sales.orders', version: 1 }] },
        { version: 0, run_id: 'r1', operation: 'CREATE TABLE', read_versions: [{ table: 'sales.orders', version: 0 }] },
      ],
      reads: [{ table_version: 1, run_id: 'r3', time: '2026-12-03T00:00:00Z' }],
      downstream_tables: ['sales.report'],
    })
    expect(nodes.map((n) => [n.kind, n.label])).toEqual([
      ['version', 'sales.big v0 · CREATE TABLE'],
      ['upstream', 'sales.orders v0'],
      ['version', 'sales.big v1 · WRITE'],
      ['upstream', 'sales.orders v1'],
      ['downstream', 'sales.report'],
    ])
    expect(edges.map((e) => `${e.source} ${e.target}`)).toEqual([
      'u:sales.orders@0 v:0', 'u:sales.orders@1 v:1', 'v:1 d:sales.report'])
    expect(nodes.find((n) => n.id === 'v:1')?.version).toBe(1)
    expect(new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(nodes.length)
  })

  it('is empty without records', () => {
    expect(lineageGraph({ full_name: 't', writes: [], reads: [], downstream_tables: [] }).nodes).toEqual([])
  })
})
