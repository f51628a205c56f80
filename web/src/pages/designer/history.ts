// Undo/redo over canvas JSON states: each edit records the state it replaced. Pure, so it is
// unit-tested; the page keeps one History and swaps it on every edit.
import type { CanvasFlow } from '../../api/flows'

export interface History {
  past: CanvasFlow[]
  present: CanvasFlow
  future: CanvasFlow[]
}

/** How many edits can be undone; older states are dropped. */
export const historyLimit = 100

export function startHistory(present: CanvasFlow): History {
  return { past: [], present, future: [] }
}

/** `next` becomes the present; the old present can be undone; redo is cleared. */
export function record(h: History, next: CanvasFlow): History {
  if (next === h.present) return h
  const past = [...h.past, h.present]
  return { past: past.slice(Math.max(0, past.length - historyLimit)), present: next, future: [] }
}

export function undo(h: History): History {
  if (h.past.length === 0) return h
  const present = h.past[h.past.length - 1]!
  return { past: h.past.slice(0, -1), present, future: [h.present, ...h.future] }
}

export function redo(h: History): History {
  if (h.future.length === 0) return h
  const [present, ...future] = h.future as [CanvasFlow, ...CanvasFlow[]]
  return { past: [...h.past, h.present], present, future }
}

export const canUndo = (h: History): boolean => h.past.length > 0
export const canRedo = (h: History): boolean => h.future.length > 0
