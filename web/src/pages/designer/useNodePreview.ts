// The preview of one node of the flow on the canvas, fetched when asked for; an answer that
// arrives after a newer request is dropped.
import { ref } from 'vue'
import { api } from '../../api/client'
import type { CanvasFlow, NodePreview } from '../../api/flows'

export function useNodePreview() {
  const preview = ref<NodePreview | null>(null)
  const nodeId = ref<number | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let asked = 0

  async function load(flow: CanvasFlow, id: number): Promise<void> {
    const mine = ++asked
    nodeId.value = id
    loading.value = true
    error.value = null
    try {
      const answer = await api.flows.preview(flow, id)
      if (mine === asked) preview.value = answer
    } catch (e) {
      if (mine === asked) {
        preview.value = null
        error.value = e instanceof Error ? e.message : String(e)
      }
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  function close(): void {
    asked++
    nodeId.value = null
    preview.value = null
    error.value = null
    loading.value = false
  }

  return { preview, nodeId, loading, error, load, close }
}
