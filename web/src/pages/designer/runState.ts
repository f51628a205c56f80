// Per-node run state, folded from the run's events: pure, so it is unit-tested.
import type { RunEvent } from '../../api/flows'

export interface NodeRunState {
  status: 'running' | 'ok' | 'error'
  rows?: number
  ms?: number
  error?: string
}

export interface RunState {
  runId: string
  status: 'running' | 'finished' | 'failed' | 'cancelled'
  nodes: Record<number, NodeRunState>
  log: string[]
  error?: string
}

export function newRun(runId: string): RunState {
  return { runId, status: 'running', nodes: {}, log: [] }
}

export function isEnd(event: RunEvent): boolean {
  return event.type === 'run_finished' || event.type === 'run_failed' || event.type === 'run_cancelled'
}

/** The state after `event` (a new object; `state` is left as it was). */
export function applyEvent(state: RunState, event: RunEvent): RunState {
  const next: RunState = { ...state, nodes: { ...state.nodes }, log: state.log }
  const id = event.node_id
  switch (event.type) {
    case 'node_started':
      if (id !== undefined) next.nodes[id] = { status: 'running' }
      break
    case 'node_finished':
      if (id !== undefined) next.nodes[id] = { status: 'ok', rows: event.rows, ms: event.ms }
      break
    case 'node_error':
      if (id !== undefined) next.nodes[id] = { status: 'error', ms: event.ms, error: event.error }
      break
    case 'log':
      next.log = [...state.log, event.message ?? '']
      break
    case 'run_finished':
      next.status = 'finished'
      break
    case 'run_failed':
    case 'run_cancelled':
      next.status = event.type === 'run_failed' ? 'failed' : 'cancelled'
      next.error = event.error
      // A node still running when the run ended did not finish.
      for (const [k, v] of Object.entries(next.nodes)) {
        if (v.status === 'running') next.nodes[Number(k)] = { status: 'error', error: event.error }
      }
      break
  }
  return next
}

/** "1,234 rows · 12 ms" */
export function runSummary(s: NodeRunState): string {
  const parts: string[] = []
  if (s.rows !== undefined) parts.push(`${s.rows.toLocaleString('en-US')} rows`)
  if (s.ms !== undefined) parts.push(`${s.ms} ms`)
  return parts.join(' · ')
}
