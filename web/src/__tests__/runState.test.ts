import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../api/flows'
import { applyEvent, isEnd, newRun, runSummary } from '../pages/designer/runState'

const ev = (e: Partial<RunEvent> & { type: RunEvent['type'] }): RunEvent => ({ run_id: 'r', time: '', ...e })

describe('run state from events', () => {
  it('tracks each node and the end', () => {
    let s = newRun('r')
    s = applyEvent(s, ev({ type: 'run_started' }))
    s = applyEvent(s, ev({ type: 'node_started', node_id: 1 }))
    expect(s.nodes[1]!).toEqual({ status: 'running' })
    s = applyEvent(s, ev({ type: 'node_finished', node_id: 1, rows: 1234, ms: 12 }))
    s = applyEvent(s, ev({ type: 'log', message: 'hello' }))
    expect(s.nodes[1]!).toEqual({ status: 'ok', rows: 1234, ms: 12 })
    expect(runSummary(s.nodes[1]!)).toBe('1,234 rows · 12 ms')
    expect(s.log).toEqual(['hello'])
    const end = ev({ type: 'run_finished' })
    expect(isEnd(end)).toBe(true)
    expect(applyEvent(s, end).status).toBe('finished')
  })

  it('marks the node still running when a run is cancelled', () => {
    let s = applyEvent(newRun('r'), ev({ type: 'node_started', node_id: 5 }))
    const before = s
    s = applyEvent(s, ev({ type: 'run_cancelled', error: 'the run was cancelled' }))
    expect(s.status).toBe('cancelled')
    expect(s.nodes[5]!).toEqual({ status: 'error', error: 'the run was cancelled' })
    expect(before.nodes[5]!.status).toBe('running')
    s = applyEvent(s, ev({ type: 'node_error', node_id: 6, error: 'boom', ms: 3 }))
    expect(s.nodes[6]!).toEqual({ status: 'error', ms: 3, error: 'boom' })
  })
})
