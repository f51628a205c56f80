// The Designer's preview client against a stand-in fetch (the browser's, not our core): a new
// preview aborts the previous request and carries the page's key (so the server cancels the
// old query), a "cancelled" answer is never shown, and closing or leaving cancels on the server.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'

const session = { version: '1', workspace: '/w', csrf_token: 'csrf-1', key: { source: 'file', fingerprint: 'ab' } }
const flow = { nodes: [] }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

interface Call { url: string; init: RequestInit; answer: (r: Response) => void }

/** A fetch whose preview answers wait for the test, and reject on abort as the browser's do. */
function stubFetch(): Call[] {
  const calls: Call[] = []
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    if (url.endsWith('/session')) return Promise.resolve(json(200, session))
    if (init.method === 'DELETE') {
      calls.push({ url, init, answer: () => undefined })
      return Promise.resolve(json(200, { cancelled: true }))
    }
    return new Promise<Response>((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      calls.push({ url, init, answer: resolve })
    })
  })
  return calls
}

const previewOf = (id: number) => ({ node_id: id, columns: [], rows: [], total_rows: id, stats: {}, stats_rows: 0, ms: 1 })
const bodyOf = (c: Call) => JSON.parse(String(c.init.body)) as { node_id: number; key: string }
function nth(calls: Call[], i: number): Call {
  const c = calls[i]
  if (!c) throw new Error(`no request #${i}`)
  return c
}
const settle = () => new Promise((r) => setTimeout(r, 0))

async function until(calls: Call[], n: number): Promise<void> {
  for (let i = 0; i < 50 && calls.length < n; i++) await settle()
  expect(calls.length).toBeGreaterThanOrEqual(n)
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('useNodePreview', () => {
  it('aborts the previous request and sends both with the page key', async () => {
    const calls = stubFetch()
    const { useNodePreview } = await import('../pages/designer/useNodePreview')
    const p = useNodePreview('p-test')
    const first = p.load(flow, 1)
    await until(calls, 1)
    const second = p.load(flow, 2)
    await until(calls, 2)
    expect(nth(calls, 0).init.signal?.aborted).toBe(true)
    expect(nth(calls, 1).init.signal?.aborted).toBe(false)
    expect(calls.map((c) => [c.url, bodyOf(c).node_id, bodyOf(c).key]))
      .toEqual([['/api/v1/flows/preview', 1, 'p-test'], ['/api/v1/flows/preview', 2, 'p-test']])
    nth(calls, 1).answer(json(200, previewOf(2)))
    await Promise.all([first, second])
    expect(p.preview.value?.node_id).toBe(2)
    expect(p.error.value).toBeNull()
    expect(p.loading.value).toBe(false)
    expect(calls.some((c) => c.init.method === 'DELETE')).toBe(false) // the key did it
  })

  it('ignores a "cancelled" answer and a late answer of an older request', async () => {
    const calls = stubFetch()
    const { useNodePreview } = await import('../pages/designer/useNodePreview')
    const p = useNodePreview('p-test')
    const only = p.load(flow, 3)
    await until(calls, 1)
    nth(calls, 0).answer(json(409, { error: { code: 'cancelled', message: 'the preview was cancelled' } }))
    await only
    expect(p.error.value).toBeNull()
    expect(p.loading.value).toBe(false)
  })

  it('cancels the running query on the server when closed or when the page goes', async () => {
    const calls = stubFetch()
    const { useNodePreview } = await import('../pages/designer/useNodePreview')
    const p = useNodePreview('p-close')
    const shown = p.load(flow, 1)
    await until(calls, 1)
    p.close()
    await shown
    await until(calls, 2)
    expect(nth(calls, 0).init.signal?.aborted).toBe(true)
    expect([nth(calls, 1).init.method, nth(calls, 1).url]).toEqual(['DELETE', '/api/v1/flows/preview/p-close'])
    expect(p.nodeId.value).toBeNull()

    const scope = effectScope()
    const page = scope.run(() => useNodePreview('p-page'))!
    const pending = page.load(flow, 4)
    await until(calls, 3)
    scope.stop() // the designer unmounts
    await pending
    await until(calls, 4)
    expect(nth(calls, 3).url).toBe('/api/v1/flows/preview/p-page')
    // Nothing in flight: closing sends nothing.
    p.close()
    await settle()
    expect(calls.length).toBe(4)
  })

  it('makes keys the server accepts', async () => {
    const { newPreviewKey } = await import('../pages/designer/useNodePreview')
    const a = newPreviewKey()
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    expect(newPreviewKey()).not.toBe(a)
  })
})
