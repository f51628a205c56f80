// Runs a flow on the server and follows its Server-Sent Events (EventSource sends the
// session cookie); the state is folded by runState.ts.
import { ref, type Ref } from 'vue'
import { api } from '../../api/client'
import type { CanvasFlow, RunEvent } from '../../api/flows'
import { applyEvent, isEnd, newRun, type RunState } from './runState'

/** `path`: the workspace file the canvas was opened from (null for a new flow); the server
 * resolves relative paths beside it and records it as the producer of catalog writes. */
export function useFlowRun(path?: Ref<string | null>) {
  const run = ref<RunState | null>(null)
  let source: EventSource | null = null

  function stopListening(): void {
    source?.close()
    source = null
  }

  /** Runs the flow, or only what `upToNode` needs when it is given. */
  async function start(flow: CanvasFlow, upToNode?: number): Promise<void> {
    stopListening()
    const body: { flow: CanvasFlow; path?: string; up_to_node?: number } = { flow }
    if (path?.value) body.path = path.value
    if (upToNode !== undefined) body.up_to_node = upToNode
    const { run_id } = await api.flows.run(body)
    run.value = newRun(run_id)
    source = new EventSource(`/api/v1/runs/${encodeURIComponent(run_id)}/events`)
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as RunEvent
      if (!run.value || event.run_id !== run.value.runId) return
      run.value = applyEvent(run.value, event)
      if (isEnd(event)) stopListening()
    }
  }

  async function cancel(): Promise<void> {
    if (run.value?.status === 'running') await api.flows.cancel(run.value.runId)
  }

  return { run, start, cancel, stopListening }
}
