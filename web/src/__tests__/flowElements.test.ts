import { describe, expect, it } from 'vitest'
import type { CanvasFlow } from '../api/flows'
import { forSaving, nodeLabel, outputNames, toEdges, toNodes, withEdge, withNewNode, withPositions, viewportFor } from '../pages/designer/flowElements'

const flow: CanvasFlow = {
  path: 'flows/x.yaml',
  name: 'x',
  nodes: [
    { id: 1, type: 'manual_input', description: '', settings: {}, position: { x: 0, y: 0 },
      inputs: { main: [], right: null, left: null }, schema: [{ name: 'a', type: 'Int64' }] },
    { id: 2, type: 'filter', description: 'Drop low-value rows', settings: { a: 1 },
      position: { x: 250, y: 10 }, inputs: { main: [1], right: null, left: null }, extra: { k: 1 } },
    { id: 3, type: 'join', description: 'Join', settings: {}, position: { x: 500, y: 0 },
      inputs: { main: [2], right: 1, left: null }, error: 'bad' },
  ],
  edges: [{ id: 'e', source: 2, target: 3, source_handle: 'output-1', target_handle: 'main' }],
}

describe('flow JSON to canvas elements', () => {
  it('labels nodes by description, else type and id', () => {
    const nodes = toNodes(flow, { 2: { status: 'ok', rows: 3, ms: 4 } })
    expect(nodes.map((n) => n.data?.label)).toEqual(['manual_input 1', 'Drop low-value rows', 'Join'])
    expect(nodes[1]!).toMatchObject({ id: '2', type: 'flow', position: { x: 250, y: 10 } })
    expect(nodes[1]!.data?.run).toEqual({ status: 'ok', rows: 3, ms: 4 })
    expect(nodes[2]!.data?.error).toBe('bad')
    expect(nodes.map((n) => n.data?.sidePorts)).toEqual([[], [], ['right']])
    expect(nodeLabel({ ...flow.nodes[1]!, description: '  ' })).toBe('filter 2')
  })

  it('draws edges from inputs, with the saved source handle', () => {
    expect(toEdges(flow).map((e) => [e.source, e.target, e.sourceHandle, e.targetHandle])).toEqual([
      ['1', '2', 'output-0', 'main'], ['2', '3', 'output-1', 'main'], ['1', '3', 'output-0', 'right'],
    ])
  })
})

describe('canvas changes back to flow JSON', () => {
  it('moves, connects and adds without touching the input object', () => {
    const moved = withPositions(flow, { 2: { x: 10.6, y: 20.2 } })
    expect(moved.nodes[1]!.position).toEqual({ x: 11, y: 20 })
    expect(flow.nodes[1]!.position).toEqual({ x: 250, y: 10 })
    const joined = withEdge(flow, 2, 3, 'left')
    expect(joined.nodes[2]!.inputs).toEqual({ main: [2], right: 1, left: 2 })
    expect(withEdge(flow, 1, 2, 'main').nodes[1]!.inputs.main).toEqual([1])
    expect(withEdge(flow, 3, 3, 'main').nodes[2]!.inputs.main).toEqual([2])
    const added = withNewNode(flow, 'sort', { x: 1, y: 2 })
    expect(added.nodes[3]!).toMatchObject({ id: 4, type: 'sort', inputs: { main: [] } })
  })

  it('drops derived fields before saving and keeps the rest', () => {
    const saved = forSaving(flow)
    expect(saved).not.toHaveProperty('edges')
    expect(saved).not.toHaveProperty('path')
    expect(saved.nodes[0]!).not.toHaveProperty('schema')
    expect(saved.nodes[2]!).not.toHaveProperty('error')
    expect(saved.nodes[1]!).toMatchObject({ extra: { k: 1 }, settings: { a: 1 } })
    expect(saved.name).toBe('x')
  })
})

describe('the viewport a flow opens with', () => {
  it('centres the nodes and zooms to fit, within the limits', () => {
    const v = viewportFor([{ x: 0, y: 0 }, { x: 820, y: 344 }], { width: 1200, height: 480 })
    expect(v.zoom).toBeCloseTo(Math.min(1200 / (1000 * 1.2), 480 / (400 * 1.2)))
    expect(v.x).toBeCloseTo(600 - 500 * v.zoom)
    expect(v.y).toBeCloseTo(240 - 200 * v.zoom)
    const far = viewportFor([{ x: 0, y: 0 }, { x: 50000, y: 0 }], { width: 800, height: 600 })
    expect(far.zoom).toBe(0.5)
    expect(viewportFor([], { width: 800, height: 600 })).toEqual({ x: 0, y: 0, zoom: 1 })
  })

  it('split outputs: a node has a handle per output, and a wire from the second one is kept as output-1', () => {
    const split: CanvasFlow = { nodes: [
      { id: 1, type: 'filter', description: '', settings: {}, position: { x: 0, y: 0 },
        inputs: { main: [], right: null, left: null }, extra: {} },
      { id: 2, type: 'select', description: '', settings: {}, position: { x: 0, y: 0 },
        inputs: { main: [], right: null, left: null }, extra: {} },
      { id: 3, type: 'select', description: '', settings: {}, position: { x: 0, y: 0 },
        inputs: { main: [], right: null, left: null }, extra: {} },
    ] }
    expect(toNodes(split, {}, { filter: ['pass', 'fail'] }).map((n) => n.data?.outputs))
      .toEqual([['pass', 'fail'], ['main'], ['main']])
    const wired = withEdge(withEdge(split, 1, 2, 'main'), 1, 3, 'main', 'output-1')
    expect(wired.nodes[0]!.extra).toEqual({ outputs: [3], output_handles: ['output-1'] })
    expect(toEdges(wired).map((e) => [e.source, e.target, e.sourceHandle]))
      .toEqual([['1', '2', 'output-0'], ['1', '3', 'output-1']])
    // Rewired from the first output: the reader's handle follows.
    const back = withEdge(wired, 1, 3, 'main', 'output-0')
    expect(back.nodes[0]!.extra).toEqual({ outputs: [3], output_handles: ['output-0'] })
    expect(outputNames(2)).toEqual(['main', 'output 1'])
    expect(outputNames([{ name: 'train' }, { name: 'test' }])).toEqual(['train', 'test'])
  })
})
