// A fresh page load of the Designer's URL (#/designer?flow=flows/x.yaml) asks for the flow and
// the node registry at start-up, while the Designer's code and the canvas library still load;
// the page then takes these answers instead of asking only once its code has arrived.
import { api } from '../../api/client'
import type { CanvasFlow } from '../../api/flows'
import { loadNodeTypes } from './settings/registryCache'

let early: { path: string; flow: Promise<CanvasFlow> } | null = null

/** The flow path of a Designer URL's hash (`#/designer?flow=…`), or null for any other. */
export function designerFlowPath(hash: string): string | null {
  const m = /^#\/designer\/?\?(.*)$/.exec(hash)
  return m ? new URLSearchParams(m[1]).get('flow') || null : null
}

/** Starts the Designer's requests when `hash` is the Designer's; does nothing otherwise. */
export function startEarlyLoad(hash: string): void {
  if (!/^#\/designer\/?(\?|$)/.test(hash)) return
  // A failure is reported by the page, which asks again (the cache forgets failed loads).
  loadNodeTypes().catch(() => undefined)
  const path = designerFlowPath(hash)
  if (!path) return
  const flow = api.flows.get(path)
  flow.catch(() => undefined) // the page that takes it reports the error
  early = { path, flow }
}

/** The flow asked for at start-up when it is `path`'s, else null. Taken once: a later open
 * (or another flow) asks the server again, so it never shows a stale copy. */
export function takeEarlyFlow(path: string): Promise<CanvasFlow> | null {
  const taken = early
  early = null
  return taken && taken.path === path ? taken.flow : null
}
