// The Designer's start-up requests against a stand-in fetch (the browser's, not our core): asked
// for on the Designer's URL only, each answer taken once and only for its own flow.
import { afterEach, describe, expect, it, vi } from 'vitest'

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

function stubFetch(): string[] {
  const urls: string[] = []
  vi.stubGlobal('fetch', async (url: string) => {
    urls.push(url)
    return url.startsWith('/api/v1/nodes') ? json([]) : json({ nodes: [], path: 'flows/a b.yaml' })
  })
  return urls
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('designerFlowPath', () => {
  it('reads the flow of the Designer URL, and nothing from other pages', async () => {
    const { designerFlowPath } = await import('../pages/designer/earlyLoad')
    expect(designerFlowPath('#/designer?flow=flows/big.yaml')).toBe('flows/big.yaml')
    expect(designerFlowPath('#/designer?flow=flows%2Fa%20b.yaml&x=1')).toBe('flows/a b.yaml')
    expect(designerFlowPath('#/designer')).toBeNull()
    expect(designerFlowPath('#/designer?flow=')).toBeNull()
    expect(designerFlowPath('#/catalog?flow=flows/big.yaml')).toBeNull()
    expect(designerFlowPath('')).toBeNull()
  })
})

describe('startEarlyLoad', () => {
  it('asks for the flow and the registry at once; the page takes the flow once', async () => {
    const urls = stubFetch()
    const { startEarlyLoad, takeEarlyFlow } = await import('../pages/designer/earlyLoad')
    startEarlyLoad('#/designer?flow=flows%2Fa%20b.yaml')
    expect(urls.some((u) => u.startsWith('/api/v1/nodes'))).toBe(true)
    expect(urls.some((u) => u.startsWith('/api/v1/flows/file?path=flows%2Fa+b.yaml'))).toBe(true)
    expect(takeEarlyFlow('flows/other.yaml')).toBeNull()
    // Taken (or passed over) once: a later open asks the server again.
    expect(takeEarlyFlow('flows/a b.yaml')).toBeNull()
  })

  it('hands the answer to the page that opens that flow', async () => {
    stubFetch()
    const { startEarlyLoad, takeEarlyFlow } = await import('../pages/designer/earlyLoad')
    startEarlyLoad('#/designer?flow=flows/a b.yaml')
    await expect(takeEarlyFlow('flows/a b.yaml')).resolves.toMatchObject({ path: 'flows/a b.yaml' })
  })

  it('asks for nothing on other pages', async () => {
    const urls = stubFetch()
    const { startEarlyLoad, takeEarlyFlow } = await import('../pages/designer/earlyLoad')
    startEarlyLoad('#/connections/database')
    expect(urls).toEqual([])
    expect(takeEarlyFlow('flows/big.yaml')).toBeNull()
  })
})
