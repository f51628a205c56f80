// The Designer with a large flow, in headless Chromium against the real `flowfile ui`: writes a
// 200-node flow in a private home (through the Python module's save_graph, laid out in rows),
// opens it in a fresh page and measures until the canvas is interactive: every node drawn, a
// click selects a node, and a drag moves it. Prints the figures as JSON.
//
// Target (issue 17): a 200-node flow opens to an interactive canvas in <= 1 s. Measured two
// ways, both held to the target (the exit status is 1 when either misses it): opened in the
// running app (warm) and as a fresh page load of the Designer's URL (cold: the app and the
// canvas library load too). flow_api_start_ms says when the flow was asked for (from the
// start of the page load when cold), flow_api_ms how long the server took to answer.
//
//   FLOWFILE_CLI=build/dev/cli/flowfile FLOWFILE_WEB_DIR=web/dist node bench/designer_open_bench.mjs [--nodes 200] [--runs 3]
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { launch } from '../tests/web/browser.mjs'

const { values: opts } = parseArgs({ options: {
  nodes: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' } } })
const count = Number(opts.nodes)
const cli = resolve(process.env.FLOWFILE_CLI ?? 'build/release/cli/flowfile')
const webDir = resolve(process.env.FLOWFILE_WEB_DIR ?? 'web/dist')
const work = mkdtempSync(join(tmpdir(), 'ff-designer-bench-'))
const home = join(work, 'home')
const env = { ...process.env, FLOWFILE_HOME: home, FLOWFILE_KEYRING: '0', FLOWFILE_WEB_DIR: webDir }
delete env.DISPLAY
const pythonPath = join(dirname(dirname(cli)), 'python')
env.PYTHONPATH = pythonPath + (env.PYTHONPATH ? `:${env.PYTHONPATH}` : '')

// A chain of with_columns / filter / select steps, each with a description, laid out ten to a
// row as a person would arrange a long flow.
const make = `
import flowfile as ff, os, yaml
f = ff.from_dict({"a": [1, 2, 3], "b": ["x", "y", "z"]})
for i in range(${count - 1}):
    if i % 3 == 0:
        f = f.with_columns((ff.col("a") + i).alias(f"c{i % 7}"), description=f"Step {i}: add c{i % 7}")
    elif i % 3 == 1:
        f = f.filter(ff.col("a") > -i, description=f"Step {i}: keep rows")
    else:
        f = f.select(ff.col("a"), ff.col("b"), description=f"Step {i}: select a, b")
path = os.path.join(os.environ["FLOWFILE_HOME"], "flows", "big.yaml")
os.makedirs(os.path.dirname(path), exist_ok=True)
f.flow_graph.save_flow(path)
doc = yaml.safe_load(open(path))
for i, node in enumerate(doc["nodes"]):
    row, col = divmod(i, 10)
    node["x_position"], node["y_position"] = (col if row % 2 == 0 else 9 - col) * 230, row * 130
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
`
const made = spawnSync('/usr/bin/python3', ['-c', make], { env, encoding: 'utf8' })
if (made.status !== 0) throw new Error(`writing the flow failed: ${made.stderr}`)

const server = spawn(cli, ['ui', '--port', '0', '--no-browser'], { env, stdio: ['ignore', 'pipe', 'ignore'] })
const signIn = await new Promise((res, rej) => {
  let out = ''
  const timer = setTimeout(() => rej(new Error('flowfile ui printed no URL')), 30000)
  server.stdout.on('data', (d) => {
    out += d
    const m = out.match(/^Flowfile UI: (\S+)$/m)
    if (m) { clearTimeout(timer); res(m[1]) }
  })
})
const base = new URL(signIn).origin

const browser = await launch()
if (browser.error) throw new Error(`Chromium did not start: ${browser.error}`)
const results = []
try {
  const page = await browser.context.newPage()
  await page.goto(signIn) // sets the session cookie
  await page.waitForURL(/#\/connections\/database$/)
  // Cold: a fresh page load of the Designer's URL (app, canvas library, flow). Warm: the app
  // is loaded (another page shows) and the flow is opened, as the Open dialog does.
  for (let run = 0; run < 2 * Number(opts.runs); run++) {
    const warm = run >= Number(opts.runs)
    if (warm) {
      await page.goto(`${base}/#/connections/database`)
      await page.getByRole('heading', { name: 'Database connections' }).waitFor()
    } else {
      await page.goto('about:blank')
    }
    await page.evaluate(() => performance.clearResourceTimings())
    const t0 = Date.now()
    if (warm) await page.evaluate(() => { location.hash = '#/designer?flow=flows/big.yaml' })
    else await page.goto(`${base}/#/designer?flow=flows/big.yaml`)
    // The canvas draws the nodes in view (all of them when they fit): wait for the flow's
    // nodes to be known to the canvas and the ones in view to show their labels.
    await page.waitForFunction((n) => {
      const labels = document.querySelectorAll('.vue-flow__node .flow-node-label')
      return labels.length > 0 && [...labels].every((l) => l.textContent.trim() !== '') &&
        (document.querySelectorAll('.vue-flow__minimap-node').length >= n || !document.querySelector('.vue-flow__minimap'))
    }, count, { polling: 'raf' })
    const drawn = Date.now() - t0
    // A node in view (fitting 200 nodes zooms out to the limit, so not all are): a click
    // selects it, a drag moves it.
    const id = await page.evaluate(() => {
      const pane = document.querySelector('.vue-flow').getBoundingClientRect()
      const inside = [...document.querySelectorAll('.vue-flow__node')].find((n) => {
        const r = n.getBoundingClientRect()
        return r.left > pane.left + 40 && r.right < pane.right - 240 && r.top > pane.top + 40 &&
          r.bottom < pane.bottom - 200
      })
      return inside?.getAttribute('data-id')
    })
    if (!id) throw new Error('no node is in view')
    const node = page.locator(`.vue-flow__node[data-id="${id}"]`)
    const box = await node.boundingBox()
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.locator(`.vue-flow__node.selected[data-id="${id}"]`).waitFor()
    const selected = Date.now() - t0
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 4 })
    await page.mouse.up()
    const moved = await node.boundingBox()
    if (Math.abs(moved.x - box.x) < 10) throw new Error('the drag did not move the node')
    const dragged = Date.now() - t0
    const api = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/flows/file')).map((e) => [e.startTime, e.duration].map(Math.round)).pop())
    results.push({ open: warm ? 'warm' : 'cold', nodes_drawn_ms: drawn, click_selected_ms: selected, drag_done_ms: dragged,
      flow_api_start_ms: warm ? undefined : api?.[0], flow_api_ms: api?.[1] })
    if (run === 0) await page.screenshot({ path: join(work, 'designer-200.png') })
  }
} finally {
  await browser.close()
  server.kill('SIGTERM')
}
const worst = (kind) => Math.max(...results.filter((r) => r.open === kind).map((r) => r.click_selected_ms))
const shot = process.env.FF_SCREENSHOTS
if (shot) spawnSync('cp', [join(work, 'designer-200.png'), join(shot, 'designer-200-nodes.png')])
rmSync(work, { recursive: true, force: true })
console.log(JSON.stringify({ nodes: count, runs: results, worst_cold_interactive_ms: worst('cold'),
  worst_warm_interactive_ms: worst('warm'), target_ms: 1000 }, null, 2))
process.exitCode = worst('warm') <= 1000 && worst('cold') <= 1000 ? 0 : 1
