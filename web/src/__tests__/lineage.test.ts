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

  it('draws each producing flow once, then its runs, then the versions they wrote', () => {
    const write = (version: number, run_id: string, flow: string, flow_openable: boolean) =>
      ({ version, run_id, operation: 'WRITE', read_versions: [], flow, flow_openable })
    const { nodes, edges } = lineageGraph({
      full_name: 's.t',
      writes: [write(2, 'bbbbbbbbbbbbbbbb', 'flows/a.yaml', true), write(1, 'aaaa', 'flows/a.yaml', true),
        write(0, 'cccc', '/elsewhere/b.yaml', false),
        { version: 3, run_id: 'dddd', operation: 'WRITE', read_versions: [], flow: '' }],
      reads: [],
      downstream_tables: [],
    })
    expect(nodes.map((n) => [n.kind, n.label, n.flowPath])).toEqual([
      ['version', 's.t v0 · WRITE', undefined],
      ['flow', '/elsewhere/b.yaml', undefined],
      ['run', 'run cccc', undefined],
      ['version', 's.t v1 · WRITE', undefined],
      ['flow', 'flows/a.yaml', 'flows/a.yaml'],
      ['run', 'run aaaa', undefined],
      ['version', 's.t v2 · WRITE', undefined],
      ['run', 'run bbbbbbbbbbbb', undefined],
      ['version', 's.t v3 · WRITE', undefined],
    ])
    expect(edges.map((e) => `${e.source} ${e.target}`)).toEqual([
      'f:/elsewhere/b.yaml r:cccc', 'r:cccc v:0', 'f:flows/a.yaml r:aaaa', 'r:aaaa v:1',
      'f:flows/a.yaml r:bbbbbbbbbbbbbbbb', 'r:bbbbbbbbbbbbbbbb v:2'])
    expect(new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(nodes.length)
  })

  it('is empty without records', () => {
    expect(lineageGraph({ full_name: 't', writes: [], reads: [], downstream_tables: [] }).nodes).toEqual([])
  })
})
