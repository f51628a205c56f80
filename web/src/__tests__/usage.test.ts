import { describe, expect, it } from 'vitest'
import { usageQuestion } from '../components/usage'

describe('the delete warning of a connection', () => {
  it('names the flows that use it', () => {
    const usage = { connection: 'shop', flows: [{ path: 'flows/a.yaml', nodes: [1] },
      { path: 'flows/team/b.json', nodes: [2, 3] }], unreadable: [] }
    expect(usageQuestion('shop', usage)).toBe(
      'Delete shop? Used by 2 flows: a.yaml, team/b.json (they fail until they name another connection).')
  })
  it('says when no flow uses it, and when some could not be read', () => {
    expect(usageQuestion('idle', { connection: 'idle', flows: [], unreadable: [] }))
      .toBe('Delete idle? No flow in this workspace uses it.')
    expect(usageQuestion('x', { connection: 'x', flows: [], unreadable: ['flows/bad.json'] }))
      .toContain('1 flow file could not be read to check.')
  })
  it('shortens a long list and copes with no answer', () => {
    const flows = Array.from({ length: 7 }, (_, i) => ({ path: `flows/f${i}.yaml`, nodes: [1] }))
    expect(usageQuestion('s', { connection: 's', flows, unreadable: [] }))
      .toContain('Used by 7 flows: f0.yaml, f1.yaml, f2.yaml, f3.yaml, f4.yaml, and 2 more')
    expect(usageQuestion('s', null)).toBe('Delete s? (Which flows use it could not be checked.)')
  })
})
