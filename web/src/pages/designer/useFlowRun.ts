// Runs a flow on the server and follows its Server-Sent Events (EventSource sends the
// session cookie); the state is folded by runState.ts.
import { ref } from 'vue'
import { api } from '../../api/client'
import type { CanvasFlow, RunEvent } from '../../api/flows'
import { applyEvent, isEnd, newRun, type RunState } from './runState'

export function useFlowRun() {
  const run = ref<RunState | null>(null)
  let source: EventSource | null = null

  function stopListening(): void {
    source?.close()
    source = null
  }

  /** Runs the flow, or only what `upToNode` needs when it is given. */
  async function start(flow: CanvasFlow, upToNode?: number): Promise<void> {
    stopListening()
    const { run_id } = await api.flows.run(upToNode === undefined ? { flow } : { flow, up_to_node: upToNode })
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
