// The API client against a stand-in fetch (the browser's, not our core): the CSRF header on
// state changes, and the server's error message and hint carried to the page.
import { afterEach, describe, expect, it, vi } from 'vitest'

const session = { version: '1', workspace: '/w', csrf_token: 'csrf-123', key: { source: 'file', fingerprint: 'ab' } }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('request', () => {
  it('sends the CSRF token on state changes only', async () => {
    const calls: { url: string; init: RequestInit }[] = []
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init })
      return url.endsWith('/session') ? json(200, session) : json(200, { created: true })
    })
    const { api } = await import('../api/client')
    await api.secrets.set('token', 'v')
    const put = calls.find((c) => c.init.method === 'PUT')!
    expect(put.url).toBe('/api/v1/secrets/token')
    expect((put.init.headers as Record<string, string>)['X-Flowfile-CSRF']).toBe('csrf-123')
    const get = calls.find((c) => c.url.endsWith('/session'))!
    expect((get.init.headers as Record<string, string>)['X-Flowfile-CSRF']).toBeUndefined()
  })

  it("turns an error body into the server's message and hint", async () => {
    vi.stubGlobal('fetch', async () =>
      json(404, { error: { code: 'not_found', message: 'No connection "x".', hint: 'Known: shop.' } }))
    const { api } = await import('../api/client')
    const { ApiError, describeError } = await import('../api/errors')
    const e = await api.databases.get('x').catch((err: unknown) => err)
    expect(e).toBeInstanceOf(ApiError)
    expect(describeError(e)).toEqual({ message: 'No connection "x".', hint: 'Known: shop.' })
  })

  it('escapes names in paths', async () => {
    const urls: string[] = []
    vi.stubGlobal('fetch', async (url: string) => { urls.push(url); return json(200, []) })
    const { api } = await import('../api/client')
    await api.catalog.history('main.sales', 'a/b')
    expect(urls[0]).toBe('/api/v1/catalog/tables/main.sales/a%2Fb/history')
  })
})
