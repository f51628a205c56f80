// The predicted schemas of the flow on the canvas, refreshed (debounced) as it is edited, so
// column pickers offer what arrives at each node's inputs now, not when the flow was opened.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { api } from '../../../api/client'
import type { CanvasFlow } from '../../../api/flows'
import type { FlowSchemas } from '../../../api/settings'
import { forSaving } from '../flowElements'

export function useFlowSchemas(flow: Ref<CanvasFlow>, delayMs = 300) {
  const schemas = ref<FlowSchemas | null>(null)
  const failure = ref('')
  let timer: number | undefined
  let asked = 0

  async function refresh(): Promise<void> {
    const mine = ++asked
    try {
      const answer = await api.flows.schemas(forSaving(flow.value))
      if (mine === asked) {
        schemas.value = answer
        failure.value = ''
      }
    } catch (e) {
      // A flow that cannot be read at all (while half-edited) leaves the last good answer.
      if (mine === asked) failure.value = e instanceof Error ? e.message : String(e)
    }
  }

  watch(flow, () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void refresh(), delayMs)
  })
  onBeforeUnmount(() => window.clearTimeout(timer))
  void refresh()
  return { schemas, failure }
}
