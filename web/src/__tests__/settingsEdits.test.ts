import { describe, expect, it } from 'vitest'
import type { CanvasFlow } from '../api/flows'
import { withNodeDescription, withNodeSettings } from '../pages/designer/nodeEdits'
import { columnsFor } from '../pages/designer/settings/inputColumns'

const flow: CanvasFlow = { nodes: [
  { id: 1, type: 'manual_input', description: '', settings: {}, position: { x: 0, y: 0 }, inputs: { main: [], right: null, left: null } },
  { id: 2, type: 'filter', description: 'Keep big', settings: { a: 1 }, position: { x: 0, y: 0 },
    inputs: { main: [1], right: null, left: null }, extra: { flowfile_cpp: { kind: 'filter' }, other: 2 } },
] }

describe('settings drawer edits', () => {
  it('replaces settings and drops the saved step they override', () => {
    const next = withNodeSettings(flow, 2, { b: 2 })
    expect(next.nodes[1]!.settings).toEqual({ b: 2 })
    expect(next.nodes[1]!.extra).toEqual({ other: 2 })
    expect(next.nodes[0]).toBe(flow.nodes[0])
    expect(flow.nodes[1]!.extra).toHaveProperty('flowfile_cpp')
  })

  it('replaces the description (the label)', () => {
    expect(withNodeDescription(flow, 2, 'Keep small').nodes[1]!.description).toBe('Keep small')
  })
})

describe('columns per input port', () => {
  const schemas = {
    columns: [{ name: 'x', type: 'Int64' }],
    inputs: {
      main: [{ node: 1, columns: [{ name: 'a', type: 'Int64' }, { name: 'b', type: 'String' }] },
        { node: 3, columns: [{ name: 'b', type: 'String' }, { name: 'c', type: 'Date' }] }],
      right: { node: 4, error: 'unknown column' },
    },
  }
  it('merges main inputs and reads the side ports', () => {
    expect(columnsFor(schemas, 'main')?.columns?.map((c) => c.name)).toEqual(['a', 'b', 'c'])
    expect(columnsFor(schemas, 'right')).toEqual({ error: 'unknown column' })
    expect(columnsFor(schemas, 'left')?.error).toMatch(/Nothing is connected to the left input/)
    expect(columnsFor(undefined, 'main')).toBeUndefined()
  })
})
