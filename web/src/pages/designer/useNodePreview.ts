// The preview of one node of the flow on the canvas, fetched when asked for. Only the newest
// request counts: asking again aborts the previous fetch, and the page's preview key tells the
// server to interrupt the previous query (a slow node would otherwise keep the engine busy).
// Closing the preview, or leaving the page, cancels a query still running.
import { getCurrentScope, onScopeDispose, ref } from 'vue'
import { api } from '../../api/client'
import { ApiError } from '../../api/errors'
import type { CanvasFlow, NodePreview } from '../../api/flows'

/** A random key for one page's previews (letters and digits, as the server asks). */
export function newPreviewKey(): string {
  const bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  return 'p-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** An answer nobody waits for any more: aborted here, or cancelled by the server. */
function superseded(e: unknown): boolean {
  return (e instanceof ApiError && e.code === 'cancelled') ||
    (e instanceof DOMException && e.name === 'AbortError')
}

export function useNodePreview(key: string = newPreviewKey()) {
  const preview = ref<NodePreview | null>(null)
  const nodeId = ref<number | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let asked = 0
  let inFlight: AbortController | null = null

  /** Drops the request in flight, if any; `tellServer` also stops its query there. */
  function abort(tellServer: boolean): void {
    if (!inFlight) return
    inFlight.abort()
    inFlight = null
    if (tellServer) void api.flows.cancelPreview(key).catch(() => undefined)
  }

  async function load(flow: CanvasFlow, id: number): Promise<void> {
    const mine = ++asked
    abort(false) // the new request, sent with the same key, cancels the old query itself
    const controller = new AbortController()
    inFlight = controller
    nodeId.value = id
    loading.value = true
    error.value = null
    try {
      const answer = await api.flows.preview(flow, id, 100, key, controller.signal)
      if (mine === asked) preview.value = answer
    } catch (e) {
      if (mine === asked && !superseded(e)) {
        preview.value = null
        error.value = e instanceof Error ? e.message : String(e)
      }
    } finally {
      if (inFlight === controller) inFlight = null
      if (mine === asked) loading.value = false
    }
  }

  function close(): void {
    asked++
    abort(true)
    nodeId.value = null
    preview.value = null
    error.value = null
    loading.value = false
  }

  // Leaving the page (the component's scope ends) stops a preview still running.
  if (getCurrentScope()) onScopeDispose(() => abort(true))

  return { preview, nodeId, loading, error, load, close }
}
