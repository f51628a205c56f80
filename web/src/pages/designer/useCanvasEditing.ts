// The Designer's editing state: which nodes are selected, the undo/redo history of the flow's
// canvas JSON, the clipboard, and the commands over them (delete, copy, paste, auto-layout,
// group). The page owns `flow`; every edit goes through change() so it can be undone.
import { computed, ref, type Ref } from 'vue'
import type { CanvasFlow } from '../../api/flows'
import { copyNodes, pasteNodes, withoutEdge, withoutNodes, type Clipboard } from './editing'
import { withPositions } from './flowElements'
import { withFittedGroups, withGroup, withoutGroupsOf } from './groups'
import { canRedo, canUndo, record, redo, startHistory, undo, type History } from './history'
import { layoutPositions } from './layout'
import { commandFor, isTyping } from './shortcuts'

export interface EdgeRef {
  source: number
  target: number
  port: string
}

export function useCanvasEditing(flow: Ref<CanvasFlow>, dirty: Ref<boolean>) {
  const history = ref<History>(startHistory(flow.value))
  const selectedIds = ref<number[]>([])
  const selectedEdges = ref<EdgeRef[]>([])
  // The state last opened or saved: undoing back to it leaves nothing unsaved.
  let saved: CanvasFlow = flow.value
  let clipboard: Clipboard | null = null
  const hasClip = ref(false)

  /** The one selected node (the settings drawer and the preview follow it), else null. */
  const selectedId = computed(() => (selectedIds.value.length === 1 ? selectedIds.value[0]! : null))
  const undoable = computed(() => canUndo(history.value))
  const redoable = computed(() => canRedo(history.value))

  /** A new flow was opened: its history starts here. */
  function reset(next: CanvasFlow): void {
    history.value = startHistory(next)
    saved = next
    selectedIds.value = []
    selectedEdges.value = []
  }

  function change(next: CanvasFlow): void {
    const fitted = withFittedGroups(next)
    history.value = record(history.value, fitted)
    flow.value = fitted
    dirty.value = true
  }

  function travel(h: History): void {
    if (h === history.value) return
    history.value = h
    flow.value = h.present
    dirty.value = h.present !== saved
    const ids = new Set(h.present.nodes.map((n) => n.id))
    selectedIds.value = selectedIds.value.filter((id) => ids.has(id))
  }

  /** The flow on screen was saved. */
  function markSaved(): void {
    saved = history.value.present
    dirty.value = false
  }

  function select(ids: number[], edges: EdgeRef[] = []): void {
    selectedIds.value = ids
    selectedEdges.value = edges
  }

  function remove(): void {
    let next = flow.value
    for (const e of selectedEdges.value) next = withoutEdge(next, e.source, e.target, e.port)
    if (selectedIds.value.length > 0) next = withoutNodes(next, selectedIds.value)
    if (next === flow.value) return
    change(next)
    select([])
  }

  function copy(): void {
    if (selectedIds.value.length === 0) return
    clipboard = copyNodes(flow.value, selectedIds.value)
    hasClip.value = true
  }

  function paste(): void {
    if (!clipboard) return
    const { flow: next, ids } = pasteNodes(flow.value, clipboard)
    change(next)
    select(ids)
    clipboard = copyNodes(next, ids) // pasting again lands further along
  }

  function autoLayout(): void {
    if (flow.value.nodes.length > 0) change(withPositions(flow.value, layoutPositions(flow.value)))
  }

  function group(name = 'Group'): void {
    if (selectedIds.value.length > 0) change(withGroup(flow.value, selectedIds.value, name))
  }

  function ungroup(): void {
    if (selectedIds.value.length > 0) change(withoutGroupsOf(flow.value, selectedIds.value))
  }

  function onKey(e: KeyboardEvent): void {
    if (isTyping(e.target)) return
    const command = commandFor(e)
    if (!command) return
    e.preventDefault()
    if (command === 'undo') travel(undo(history.value))
    else if (command === 'redo') travel(redo(history.value))
    else if (command === 'copy') copy()
    else if (command === 'paste') paste()
    else if (command === 'delete') remove()
    else select(flow.value.nodes.map((n) => n.id))
  }

  return {
    selectedIds, selectedId, selectedEdges, undoable, redoable, hasClip,
    reset, markSaved, change, select, remove, copy, paste, autoLayout, group, ungroup, onKey,
    undo: () => travel(undo(history.value)),
    redo: () => travel(redo(history.value)),
  }
}
