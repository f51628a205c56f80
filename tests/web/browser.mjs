// Launching Debian's Chromium through playwright-core (never a downloaded browser), and the
// watchers every test page carries: response bodies kept for the secret scan, and console
// errors (a CSP violation shows up there) kept to assert none happened.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const chromiumPath = process.env.FF_CHROMIUM ?? '/usr/bin/chromium'
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** A browser with a fresh profile, or null (with the reason) when it cannot start. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'ff-chromium-'))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath, args, headless: true, viewport: { width: 1360, height: 860 },
    })
    return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }) } }
  } catch (e) {
    rmSync(profile, { recursive: true, force: true })
    return { error: e instanceof Error ? e.message : String(e) }
  }
}

/** The policy the front end is built to run under, stricter than any server may send:
 * no inline styles or scripts, no runtime <style> tags. */
export const strictCsp = "default-src 'self'; style-src 'self'; img-src 'self' data:"

/** Serves every page (not the token login, a redirect) under `strictCsp`, so a violation by
 * the front end shows whatever policy the server sends. */
export async function enforceStrictCsp(page) {
  await page.route('**/*', async (route) => {
    const req = route.request()
    if (req.resourceType() !== 'document' || req.url().includes('token=')) return route.continue()
    const res = await route.fetch()
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': strictCsp } })
  })
}

/** Keeps every response body, API call (method and path) and console error of `page`. */
export function watch(page) {
  const bodies = []
  const pending = []
  const consoleErrors = []
  const apiCalls = []
  page.on('request', (req) => {
    const u = new URL(req.url())
    if (u.pathname.startsWith('/api/')) apiCalls.push({ method: req.method(), path: u.pathname })
  })
  page.on('response', (res) => {
    pending.push(res.body().then(
      (b) => bodies.push({ url: res.url(), status: res.status(), text: b.toString('utf8') }),
      () => {}, // redirects and aborted loads have no body
    ))
  })
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()) })
  page.on('pageerror', (e) => consoleErrors.push(String(e)))
  return {
    bodies: async () => { await Promise.all(pending); return bodies },
    consoleErrors,
    apiCalls,
  }
}

/** Where `needle` occurs in the page: its HTML and the values of its inputs. */
export async function findInPage(page, needle) {
  const hits = []
  if ((await page.content()).includes(needle)) hits.push('page HTML')
  const values = await page.$$eval('input, textarea, select', (els) => els.map((e) => e.value))
  if (values.some((v) => v.includes(needle))) hits.push('an input value')
  return hits
}
