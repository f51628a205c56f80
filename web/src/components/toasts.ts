// Messages shown in the corner: errors keep the server's message and hint; they close by
// themselves after a while or on click.
import { reactive } from 'vue'
import { describeError } from '../api/errors'

export interface Toast {
  id: number
  kind: 'error' | 'ok'
  message: string
  hint?: string
}

export const toasts = reactive<Toast[]>([])
let next = 1

function push(toast: Omit<Toast, 'id'>, ms: number): void {
  const id = next++
  toasts.push({ id, ...toast })
  if (toasts.length > 3) toasts.splice(0, toasts.length - 3) // the newest three stay
  window.setTimeout(() => dismiss(id), ms)
}

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id)
  if (i >= 0) toasts.splice(i, 1)
}

export const notify = {
  ok: (message: string) => push({ kind: 'ok', message }, 3000),
  error: (e: unknown) => push({ kind: 'error', ...describeError(e) }, 12000),
}
