import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import type { CanvasFlow, CanvasNode } from '../api/flows'
import { canRedo, canUndo, historyLimit, record, redo, startHistory, undo } from '../pages/designer/history'
import { copyNodes, pasteNodes, withoutEdge, withoutNodes } from '../pages/designer/editing'
import { layoutPositions } from '../pages/designer/layout'
import { groupsOf, withGroup, withoutGroupsOf, withFittedGroups } from '../pages/designer/groups'
import { commandFor, isTyping } from '../pages/designer/shortcuts'

function node(id: number, main: number[] = [], right: number | null = null, x = 0): CanvasNode {
  return { id, type: 'filter', description: `n${id}`, settings: { id }, position: { x, y: 0 },
    inputs: { main, right, left: null }, extra: {} }
}

// 1 -> 2 -> 4 (join, right input 3); 3 is a second source.
const flow: CanvasFlow = { nodes: [node(1), node(2, [1]), node(3), node(4, [2], 3)] }

describe('undo/redo history', () => {
  it('undoes and redoes edits in order, and a new edit clears redo', () => {
    const a = { nodes: [] }
    const b = { nodes: [node(1)] }
    const c = { nodes: [node(1), node(2)] }
    let h = record(record(startHistory(a), b), c)
    expect(canUndo(h)).toBe(true)
    h = undo(h)
    expect(h.present).toBe(b)
    h = undo(h)
    expect(h.present).toBe(a)
    expect(canUndo(h)).toBe(false)
    expect(undo(h)).toBe(h)
    h = redo(h)
    expect(h.present).toBe(b)
    expect(canRedo(h)).toBe(true)
    h = record(h, c)
    expect(canRedo(h)).toBe(false)
    expect(redo(h)).toBe(h)
  })

  it('keeps at most historyLimit states', () => {
    let h = startHistory({ nodes: [] })
    for (let i = 0; i < historyLimit + 20; i++) h = record(h, { nodes: [node(i + 1)] })
    expect(h.past.length).toBe(historyLimit)
  })
})

describe('delete, copy and paste', () => {
  it('deleting a node drops the inputs that named it', () => {
    const out = withoutNodes(flow, [2, 3])
    expect(out.nodes.map((n) => n.id)).toEqual([1, 4])
    expect(out.nodes[1]!.inputs).toEqual({ main: [], right: null, left: null })
    expect(flow.nodes.length).toBe(4) // not changed in place
  })

  it('removes one edge by its port', () => {
    expect(withoutEdge(flow, 3, 4, 'right').nodes[3]!.inputs).toEqual({ main: [2], right: null, left: null })
    expect(withoutEdge(flow, 2, 4, 'main').nodes[3]!.inputs).toEqual({ main: [], right: 3, left: null })
  })

  it('copies the edges inside the set only, and pastes under new ids', () => {
    const clip = copyNodes(flow, [2, 4, 3])
    expect(clip.nodes.map((n) => n.id)).toEqual([2, 3, 4])
    expect(clip.nodes[0]!.inputs.main).toEqual([]) // 1 was not copied
    const { flow: out, ids } = pasteNodes(flow, clip)
    expect(ids).toEqual([5, 6, 7])
    const [p2, p3, p4] = out.nodes.slice(4)
    expect(p2!.settings).toEqual({ id: 2 })
    expect(p4!.inputs).toEqual({ main: [5], right: 6, left: null })
    expect(p3!.position).toEqual({ x: 40, y: 40 })
    // Pasting twice gives fresh ids again.
    expect(pasteNodes(out, clip).ids).toEqual([8, 9, 10])
  })

  it('copies nodes held in Vue reactive state', () => {
    const state = reactive({ flow })
    expect(copyNodes(state.flow, [1, 2]).nodes.map((n) => n.id)).toEqual([1, 2])
  })

  it('a pasted node leaves its group and saved outputs behind', () => {
    const grouped = { nodes: [{ ...node(1), extra: { group_id: 1, outputs: [2], keep: true } }] }
    const pasted = pasteNodes(grouped, copyNodes(grouped, [1])).flow.nodes[1]!
    expect(pasted.extra).toEqual({ keep: true })
  })
})

describe('auto-layout', () => {
  it('ranks nodes left to right along their edges', () => {
    const p = layoutPositions(flow)
    expect(p['1']!.x).toBeLessThan(p['2']!.x)
    expect(p['2']!.x).toBeLessThan(p['4']!.x)
    expect(p['3']!.x).toBeLessThan(p['4']!.x)
    expect(p['1']!.y).not.toBe(p['3']!.y)
    expect(Object.keys(p).sort()).toEqual(['1', '2', '3', '4'])
  })
})

describe('groups', () => {
  it('groups nodes in the flow format (groups + group_id), boxed around them', () => {
    const g = withGroup(flow, [1, 2], 'Inputs')
    expect(groupsOf(g)).toMatchObject([{ id: 1, name: 'Inputs', collapsed: false }])
    expect(g.nodes.filter((n) => n.extra?.group_id === 1).map((n) => n.id)).toEqual([1, 2])
    const box = groupsOf(g)[0]!
    expect(box.x_position).toBeLessThan(0)
    expect(box.width).toBeGreaterThan(150)
  })

  it('drops a group when it is dissolved or its members are gone', () => {
    const g = withGroup(flow, [1, 2], 'Inputs')
    expect(groupsOf(withoutGroupsOf(g, [2]))).toEqual([])
    expect(withoutGroupsOf(g, [2]).nodes.every((n) => n.extra?.group_id === undefined)).toBe(true)
    expect(groupsOf(withFittedGroups(withoutNodes(g, [1, 2])))).toEqual([])
  })
})

describe('shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) =>
    commandFor({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, ...mods })
  it('maps keys to commands', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo')
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo')
    expect(key('y', { metaKey: true })).toBe('redo')
    expect(key('c', { ctrlKey: true })).toBe('copy')
    expect(key('v', { ctrlKey: true })).toBe('paste')
    expect(key('Delete')).toBe('delete')
    expect(key('Backspace')).toBe('delete')
    expect(key('a')).toBeNull()
    expect(isTyping(null)).toBe(false)
  })
})
