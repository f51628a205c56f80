// The web app against the real server and store (see run.sh): log in with the printed token,
// create, test and browse a SQLite connection, create, test and edit a PostgreSQL one with a password, set a secret, read a catalog table at two
// versions, drop a node on the canvas; no secret value ever reaches the page or a response.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { enforceStrictCsp, findInPage, launch, watch } from './browser.mjs'

const url = process.env.FF_URL
const work = process.env.FF_WORK
const shots = process.env.FF_SCREENSHOTS
const inCi = ['true', '1'].includes(process.env.CI ?? '')
const PASSWORD = 'pw-Unique-7319-kestrel'
const SECRET = 'sv-Secret-5521-heron'
const CLOUD_KEY = 'ck-Secret-8802-plover'
const s3 = {
  endpoint: process.env.FLOWFILE_TEST_S3_ENDPOINT,
  keyId: process.env.FLOWFILE_TEST_S3_KEY_ID,
  secret: process.env.FLOWFILE_TEST_S3_SECRET,
}

let browser
let page
let watcher
const launchError = { message: '' }

before(async () => {
  assert.ok(url && work && shots, 'run through tests/web/run.sh (FF_URL, FF_WORK, FF_SCREENSHOTS)')
  const b = await launch()
  if (b.error) {
    launchError.message = b.error
    if (inCi) throw new Error(`under CI the browser must start: ${b.error}`)
    return
  }
  browser = b
  page = await b.context.newPage()
  watcher = watch(page)
  await enforceStrictCsp(page)
})

after(async () => { await browser?.close() })

function needBrowser(t) {
  if (!browser) t.skip(`no browser: ${launchError.message}`)
  return !!browser
}

const PY_SECRET = 'py-value-1'
const secretsToScan = () => [PASSWORD, SECRET, CLOUD_KEY, PY_SECRET, ...(s3.secret ? [s3.secret] : [])]

/** Runs Python code (Debian's python3, the same FLOWFILE_HOME) and returns its stdout. */
function python(code) {
  const r = spawnSync('/usr/bin/python3', ['-c', code], { env: process.env, encoding: 'utf8', timeout: 60000 })
  assert.equal(r.status, 0, `python failed: ${r.stderr}`)
  return r.stdout.trim()
}

const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })

/** Writes a flow file in the home's flows/ folder whose one node uses the named connection. */
function flowUsing(file, type, settings) {
  const dir = join(process.env.FLOWFILE_HOME, 'flows')
  mkdirSync(dir, { recursive: true })
  const node = { id: 1, type, description: 'uses it', input_ids: [], outputs: [], setting_input: settings }
  writeFileSync(join(dir, file), JSON.stringify({ flowfile_version: '0.12.0', flowfile_id: 1,
    flowfile_name: file, flowfile_settings: {}, nodes: [node] }))
}

describe('web app', () => {
  test('the token URL logs in and lands on the app', async (t) => {
    if (!needBrowser(t)) return
    await page.goto(url)
    await page.waitForURL(/#\/connections\/database$/)
    assert.ok(!page.url().includes('token='), 'the token leaves the address bar')
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'ff_session')
    assert.ok(cookie, 'the session cookie is set')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.ok(!(await page.evaluate(() => document.cookie)).includes('ff_session'), 'scripts cannot read it')
    await page.getByRole('heading', { name: 'Database connections' }).waitFor()
    await page.locator('[data-test=key-fingerprint]').first().waitFor()
    assert.notEqual((await page.locator('[data-test=key-fingerprint]').first().textContent()).trim(), '')
  })

  test('a SQLite connection: validate, create, test', async (t) => {
    if (!needBrowser(t)) return
    await page.click('[data-test=new-database]')
    const form = page.locator('[data-test=database-form]')
    await form.getByRole('button', { name: 'Create' }).click()
    await form.getByText('A name is required.').waitFor()
    await page.fill('#db-name', 'shop')
    await page.selectOption('#db-type', 'sqlite')
    await form.getByText('The path of the database file is required.').waitFor()
    assert.equal(await page.locator('#db-password').count(), 0, 'a file database asks for no password')
    await page.fill('#db-database', join(work, 'shop.sqlite'))
    await shot('database-new')
    await form.getByRole('button', { name: 'Create' }).click()
    const row = page.locator('[data-test=db-row-shop]')
    await row.waitFor()
    await row.getByRole('button', { name: 'Test' }).click()
    const result = page.locator('[data-test=test-result]')
    await result.waitFor()
    assert.match(await result.textContent(), /Connected/)
    assert.match(await result.textContent(), /SQLite/)
    assert.match(await result.textContent(), /\d+(\.\d+)? ms/)
  })

  test('a PostgreSQL connection with a password: stored, tested (no server: the failure shows)', async (t) => {
    if (!needBrowser(t)) return
    await page.click('[data-test=new-database]')
    const form = page.locator('[data-test=database-form]')
    await page.fill('#db-name', 'warehouse')
    await page.selectOption('#db-type', 'postgresql')
    await page.fill('#db-host', '127.0.0.1')
    await page.fill('#db-port', '1') // nothing listens there: the test fails at once
    await page.fill('#db-port', 'x')
    await form.getByRole('button', { name: 'Create' }).click()
    await form.getByText('A port is a whole number from 1 to 65535.').waitFor()
    await page.fill('#db-port', '1')
    await page.fill('#db-database', 'wh')
    await page.fill('#db-username', 'analyst')
    await page.fill('#db-password', PASSWORD)
    await form.getByRole('button', { name: 'Create' }).click()
    const row = page.locator('[data-test=db-row-warehouse]')
    await row.waitFor()
    assert.equal((await row.locator('[data-test=has-password]').textContent()).trim(), 'set')
    await row.getByRole('button', { name: 'Test' }).click()
    const result = page.locator('[data-test=test-result]').filter({ hasText: 'Failed' })
    await result.waitFor()
    assert.ok((await result.textContent()).length > 'Failed'.length + 5, 'the failure says why')
    await shot('database-list')
  })

  test('editing keeps the password unless it is typed again', async (t) => {
    if (!needBrowser(t)) return
    await page.locator('[data-test=db-row-warehouse]').getByRole('button', { name: 'Edit' }).click()
    const pw = page.locator('#db-password')
    assert.equal(await pw.getAttribute('placeholder'), 'unchanged')
    assert.equal(await pw.inputValue(), '')
    await page.fill('#db-database', 'warehouse')
    await shot('database-edit')
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/connections/database/warehouse'))
    await page.locator('[data-test=database-form]').getByRole('button', { name: 'Save changes' }).click()
    const body = JSON.parse((await put).postData() ?? '{}')
    assert.ok(!('password' in body), 'an untouched password box sends no password')
    assert.equal(body.database, 'warehouse')
    await page.locator('[data-test=database-form]').waitFor({ state: 'detached' })
    const info = await page.evaluate(async () => (await fetch('/api/v1/connections/database/warehouse')).json())
    assert.equal(info.has_password, true)
    assert.equal(info.database, 'warehouse')
    assert.equal((await page.locator('[data-test=db-row-warehouse] [data-test=has-password]').textContent()).trim(), 'set')
  })

  test('browse tables and preview rows of the SQLite file', async (t) => {
    if (!needBrowser(t)) return
    await page.locator('[data-test=db-row-shop]').getByRole('button', { name: 'Browse' }).click()
    const browser_ = page.locator('[data-test=database-browser]')
    // SQLite has one schema (or none), which the browser opens by itself.
    await browser_.locator('[data-test=db-table]').getByRole('button', { name: 'customers' }).click()
    const grid = browser_.locator('[data-test=data-grid]')
    await grid.getByText('Grace').waitFor()
    assert.match(await grid.textContent(), /Edsger/)
    await shot('database-browse')
  })

  test("the server's refusal shows in its own words", async (t) => {
    if (!needBrowser(t)) return
    await page.click('[data-test=new-database]')
    await page.fill('#db-name', 'shop')
    await page.selectOption('#db-type', 'sqlite')
    await page.fill('#db-database', join(work, 'shop.sqlite'))
    await page.locator('[data-test=database-form]').getByRole('button', { name: 'Create' }).click()
    const toast = page.locator('.toast-error').filter({ hasText: 'already exists' })
    await toast.waitFor()
    await shot('error-toast')
    await page.locator('[data-test=database-form]').getByRole('button', { name: 'Cancel' }).click()
  })

  test('deleting a connection asks first', async (t) => {
    if (!needBrowser(t)) return
    await page.click('[data-test=new-database]')
    await page.fill('#db-name', 'scratch')
    await page.selectOption('#db-type', 'duckdb')
    await page.fill('#db-database', join(work, 'scratch.duckdb'))
    await page.locator('[data-test=database-form]').getByRole('button', { name: 'Create' }).click()
    const row = page.locator('[data-test=db-row-scratch]')
    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByText('Delete scratch? No flow in this workspace uses it.').waitFor()
    await row.getByRole('button', { name: 'Cancel' }).click()
    // A flow that reads through it: the question names that flow.
    flowUsing('scratch-report.json', 'database_reader', { database_settings: {
      connection_mode: 'reference', database_connection_name: 'scratch', table_name: 't' } })
    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByText('Used by 1 flow: scratch-report.json').waitFor()
    await shot('database-delete-confirm')
    await row.locator('[data-test=confirm-yes]').click()
    await row.waitFor({ state: 'detached' })
    await page.locator('[data-test=db-row-shop]').waitFor()
  })

  test('set a secret: the value box is cleared and the name is listed', async (t) => {
    if (!needBrowser(t)) return
    await page.getByRole('link', { name: 'Secrets' }).click()
    await page.fill('#secret-name', 'api_token')
    await page.fill('#secret-value', SECRET)
    await page.locator('[data-test=secret-form]').getByRole('button', { name: 'Save secret' }).click()
    await page.locator('[data-test=secret-row-api_token]').waitFor()
    assert.equal(await page.locator('#secret-value').inputValue(), '')
    await shot('secrets')
  })

  test('a cloud connection: its secret key is write-only', async (t) => {
    if (!needBrowser(t)) return
    await page.getByRole('link', { name: 'Cloud storage' }).click()
    await page.click('[data-test=new-cloud]')
    const form = page.locator('[data-test=cloud-form]')
    await page.fill('#cl-name', 'lake')
    await page.selectOption('#cl-type', 's3')
    await page.selectOption('#cl-auth', 'access_key')
    await form.getByRole('button', { name: 'Create' }).click()
    await form.getByText('Access key ID is required for this auth method.').waitFor()
    await page.fill('#cl-aws_region', 'eu-west-1')
    await page.fill('#cl-aws_access_key_id', 'AKIDEXAMPLE')
    await page.fill('#cl-aws_secret_access_key', CLOUD_KEY)
    await page.fill('#cl-endpoint', 'http://127.0.0.1:1')
    await shot('cloud-new')
    await form.getByRole('button', { name: 'Create' }).click()
    const row = page.locator('[data-test=cloud-row-lake]')
    await row.waitFor()
    assert.match(await row.textContent(), /aws_secret_access_key/)
    await row.getByRole('button', { name: 'Edit' }).click()
    assert.equal(await page.getAttribute('#cl-aws_secret_access_key', 'placeholder'), 'unchanged')
    assert.equal(await page.inputValue('#cl-aws_secret_access_key'), '')
    assert.equal(await page.inputValue('#cl-aws_access_key_id'), 'AKIDEXAMPLE')
    await shot('cloud-edit')
    await page.locator('[data-test=cloud-form]').getByRole('button', { name: 'Cancel' }).click()
    // Deleting it warns with the flows that write through it (and Cancel keeps it).
    flowUsing('lake-export.json', 'cloud_storage_writer', { cloud_storage_settings: {
      connection_name: 'lake', resource_path: 's3://bucket/out.parquet', file_format: 'parquet' } })
    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByText('Delete lake? Used by 1 flow: lake-export.json').waitFor()
    await shot('cloud-delete-used-by')
    await row.getByRole('button', { name: 'Cancel' }).click()
    await row.getByRole('button', { name: 'Delete' }).waitFor()
  })

  test('a working S3 connection: test it, browse the bucket and a folder', async (t) => {
    if (!needBrowser(t)) return
    if (!s3.endpoint) return t.skip('no S3 server (moto) for this run')
    await page.getByRole('link', { name: 'Cloud storage' }).click()
    await page.click('[data-test=new-cloud]')
    await page.fill('#cl-name', 'bucket')
    await page.fill('#cl-aws_region', 'us-east-1')
    await page.fill('#cl-aws_access_key_id', s3.keyId)
    await page.fill('#cl-aws_secret_access_key', s3.secret)
    await page.fill('#cl-endpoint', s3.endpoint)
    await page.fill('#cl-scopes', 's3://ff-web')
    await page.check('#cl-allow-http') // moto listens on plain http
    await page.locator('[data-test=cloud-form]').getByRole('button', { name: 'Create' }).click()
    const row = page.locator('[data-test=cloud-row-bucket]')
    await row.getByRole('button', { name: 'Test' }).click()
    // The core's connection tester has no S3 probe yet ("no driver yet for s3"): the result row
    // shows whatever it says; the listing below is what proves the connection works.
    const result = page.locator('[data-test=test-result]')
    await result.waitFor()
    assert.match(await result.textContent(), /^(Connected|Failed)\S/)
    await row.getByRole('button', { name: 'Browse' }).click()
    const browser_ = page.locator('[data-test=cloud-browser]')
    assert.equal(await browser_.locator('input[name=path]').inputValue(), 's3://ff-web/')
    await browser_.getByRole('button', { name: 'List' }).click()
    await browser_.getByText('readme.txt').waitFor()
    await browser_.getByRole('button', { name: /data\/$/ }).click()
    await browser_.getByText(/data\/b\.csv/).waitFor()
    await shot('cloud-browse')
  })

  test('one store, both ways: what the UI made Python uses, and what Python made the UI lists', async (t) => {
    if (!needBrowser(t)) return
    await page.getByRole('link', { name: 'Databases' }).click()
    await page.locator('[data-test=db-row-shop]').waitFor()
    const out = python(`
import flowfile as ff
rows = ff.read_database("shop", table_name="customers").collect()
print(",".join(sorted(rows["name"].to_list())))
print(ff.secrets.get("api_token").get_secret_value() == ${JSON.stringify(SECRET)})
ff.create_database_connection("from_python", database_type="sqlite", database=${JSON.stringify(join(work, 'shop.sqlite'))})
ff.secrets.set("from_python_secret", ${JSON.stringify(PY_SECRET)})
`)
    assert.deepEqual(out.split('\n'), ['Ada,Edsger,Grace', 'True'])
    assert.equal(await page.locator('[data-test=db-row-from_python]').count(), 0)
    await page.click('[data-test=refresh]')
    await page.locator('[data-test=db-row-from_python]').waitFor()
    await page.getByRole('link', { name: 'Secrets' }).click()
    await page.locator('[data-test=secret-row-from_python_secret]').waitFor()
  })

  test('the catalog shows the table, its history, and the rows of an older version', async (t) => {
    if (!needBrowser(t)) return
    await page.getByRole('link', { name: 'Catalog' }).click()
    const tree = page.locator('[data-test=catalog-tree]')
    await tree.getByRole('button', { name: /sales/ }).first().click()
    await page.locator('[data-test=catalog-table-orders] button').click()
    const detail = page.locator('[data-test=catalog-detail]')
    await detail.locator('[data-test=catalog-schema]').getByText('label').waitFor()
    const history = detail.locator('[data-test=catalog-history] tbody tr')
    await history.nth(1).waitFor()
    assert.equal(await history.count(), 2)
    const grid = detail.locator('[data-test=data-grid]')
    await grid.getByText('gamma').waitFor()
    await detail.locator('[data-test=version-select]').selectOption('0')
    await grid.getByText('alpha').waitFor()
    assert.doesNotMatch(await grid.textContent(), /gamma/)
    await shot('catalog')
  })

  test('a catalog table shows its lineage and is restored, optimized and checked for vacuum', async (t) => {
    if (!needBrowser(t)) return
    const detail = page.locator('[data-test=catalog-detail]')
    await detail.locator('[data-test=lineage]').getByText('General.sales.big_orders').waitFor()
    const history = detail.locator('[data-test=catalog-history] tbody tr')
    await detail.locator('[data-test=version-select]').selectOption('0')
    await detail.locator('[data-test=restore]').click()
    await page.locator('.toast').filter({ hasText: 'Restored version 0 as version 2' }).waitFor()
    await history.nth(2).waitFor()
    assert.equal(await history.count(), 3)
    // The restored version holds version 0's rows.
    await detail.locator('[data-test=version-select]').selectOption('2')
    await detail.locator('[data-test=data-grid]').getByText('alpha').waitFor()
    assert.equal(python(`import flowfile as ff
print(sorted(ff.read_catalog_table("sales.orders").collect()["label"].to_list()))`), "['alpha', 'beta']")
    await detail.locator('[data-test=optimize]').click()
    await page.locator('.toast').filter({ hasText: /Compacted|Nothing to compact/ }).waitFor()
    await detail.locator('[data-test=vacuum-plan]').click()
    await detail.locator('[data-test=vacuum-plan-result]').getByText(/^0 files/).waitFor()
    await shot('catalog-maintenance')
  })

  test('the audit page lists what was done, by name, filterable', async (t) => {
    if (!needBrowser(t)) return
    await page.getByRole('link', { name: 'Audit' }).click()
    const table = page.locator('[data-test=audit-table]')
    await table.locator('[data-test=audit-row-api_token]').first().waitFor()
    await page.fill('[data-test=audit-name]', 'api_token')
    await page.locator('[data-test=audit-apply]').click()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=audit-table] tbody tr')]
      .every((r) => r.getAttribute('data-test') === 'audit-row-api_token'))
    await page.fill('[data-test=audit-text]', 'no-such-action-xyz')
    await page.getByText('No audit events match.').waitFor()
    await page.fill('[data-test=audit-text]', '')
    await shot('audit')
  })

  test('the designer lists the node registry and drops a node on the canvas', async (t) => {
    if (!needBrowser(t)) return
    await page.getByRole('link', { name: 'Designer' }).click()
    await page.locator('[data-test=designer-toolbar]').waitFor()
    const items = page.locator('.palette-item')
    await items.first().waitFor()
    const label = (await items.first().textContent()).trim()
    const key = await items.first().getAttribute('data-node-key')
    await items.first().dragTo(page.locator('.vue-flow__pane'), { targetPosition: { x: 300, y: 200 } })
    await page.locator('.vue-flow__node').filter({ hasText: key }).waitFor()
    await page.fill('.palette-search', label.slice(0, 4))
    assert.ok(await items.count() >= 1)
    await shot('designer')
  })

  test("the seed's script opens in the designer with its descriptions and runs every node", async (t) => {
    if (!needBrowser(t)) return
    // The seed's "Code that documents itself" snippet, unchanged, headless: it prints the URL.
    const root = join(import.meta.dirname, '..', '..')
    const r = spawnSync('/usr/bin/python3', ['-c',
      `import sys; sys.path.insert(0, ${JSON.stringify(join(root, 'tests', 'python'))})\n` +
      'from test_seed_frames import SEED\nexec(compile(SEED, "seed", "exec"), {})'],
    { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '' }, encoding: 'utf8', timeout: 60000 })
    assert.equal(r.status, 0, `the seed script failed: ${r.stderr}`)
    const m = r.stdout.match(/Flowfile editor: (http:\/\/\S+)/)
    assert.ok(m, `no editor URL printed: ${r.stdout} ${r.stderr}`)
    const editor = new URL(m[1])
    assert.equal(editor.port, new URL(url).port, 'the running server was reused')
    await page.goto(editor.toString())
    const nodes = page.locator('.vue-flow__node')
    for (const label of ['Drop low-value rows', 'Compute adjusted value and pricing tier']) {
      await nodes.filter({ hasText: label }).waitFor()
    }
    assert.equal(await nodes.count(), 4)
    assert.equal(await page.locator('.vue-flow__edge').count(), 3)
    await page.locator('[data-test=run-flow]').click()
    await page.locator('[data-run-status=finished]').waitFor({ timeout: 30000 })
    const statuses = await page.locator('.flow-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
    assert.deepEqual(statuses, ['ok', 'ok', 'ok', 'ok'])
    // 5 rows in, 4 past the filter, 3 tiers out.
    const details = await page.locator('[data-test=node-detail]').allTextContents()
    assert.match(details.join('|'), /^5 rows · \d+ ms\|4 rows · \d+ ms\|4 rows · \d+ ms\|3 rows · \d+ ms$/)
    await shot('designer-seed-run')
  })

  test('generate code: the open flow as Python, C++ and SQL, downloaded under its name', async (t) => {
    if (!needBrowser(t)) return
    await page.locator('[data-test=generate-code]').click()
    const code = page.locator('[data-test=generated-code]')
    await code.waitFor()
    const python = await code.textContent()
    assert.match(python, /import flowfile as ff/)
    assert.match(python, /Drop low-value rows/)
    await shot('designer-code')
    await page.locator('[data-test=code-target-sql]').click()
    await page.waitForFunction(() => /SELECT/i.test(document.querySelector('[data-test=generated-code]')?.textContent ?? ''))
    await page.locator('[data-test=code-target-cpp]').click()
    await page.waitForFunction(() => /#include/.test(document.querySelector('[data-test=generated-code]')?.textContent ?? ''))
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=code-download]').click(),
    ])
    assert.match(download.suggestedFilename(), /\.cpp$/)
    const saved = await download.path()
    assert.match(readFileSync(saved, 'utf8'), /#include/)
    await page.getByRole('button', { name: 'Close' }).last().click()
    await page.locator('[data-test=code-dialog]').waitFor({ state: 'detached' })
  })

  test('a slow run shows its running node and is cancelled from the toolbar; save writes the flow', async (t) => {
    if (!needBrowser(t)) return
    python(`
import flowfile as ff, os
a = ff.from_dict({"x": list(range(3000))})
b = ff.from_dict({"y": list(range(3000))})
c = ff.from_dict({"z": list(range(3000))})
slow = a.join(b, how="cross").join(c, how="cross").filter((ff.col("x") + ff.col("y") + ff.col("z")) % 7 == 3, description="Slow filter")
os.makedirs(os.path.join(ff.config_dir(), "flows"), exist_ok=True)
slow.flow_graph.save_flow(os.path.join(ff.config_dir(), "flows", "slow.yaml"))`)
    await page.goto(new URL('/#/designer', url).toString())
    await page.locator('[data-test=open-flow]').click()
    await page.locator('[data-test=open-dialog] [data-flow-path="flows/slow.yaml"]').waitFor()
    await shot('designer-open-dialog')
    await page.locator('[data-test=open-dialog] [data-flow-path="flows/slow.yaml"]').click()
    await page.locator('.vue-flow__node').filter({ hasText: 'Slow filter' }).waitFor()
    await page.locator('[data-test=run-flow]').click()
    await page.locator('.flow-node[data-status=running]').waitFor({ timeout: 30000 })
    await page.locator('.flow-node[data-status=ok]').first().waitFor()
    await page.locator('[data-test=cancel-run]').click()
    await page.locator('[data-run-status=cancelled]').waitFor({ timeout: 20000 })
    assert.ok(await page.locator('.flow-node[data-status=error]').count() >= 1)
    await shot('designer-cancelled')
    const saved = join(work, 'home', 'flows', 'slow.yaml')
    const before = python(`print(open(${JSON.stringify(saved)}).read().count("Slow filter"))`)
    await page.locator('[data-test=save-flow]').click()
    await page.locator('.toast-ok').filter({ hasText: 'Saved flows/slow.yaml' }).waitFor()
    assert.equal(python(`print(open(${JSON.stringify(saved)}).read().count("Slow filter"))`), before)
    assert.equal(python(`import flowfile as ff; print(len(ff.open_flow(${JSON.stringify(saved)}).nodes))`), '6')
  })

  test('no secret value reaches the page or any response, and no CSP violation', async (t) => {
    if (!needBrowser(t)) return
    for (const route of ['#/connections/database', '#/secrets', '#/connections/cloud', '#/catalog',
      '#/audit']) {
      await page.goto(new URL('/' + route, url).toString())
      await page.locator('main h1').waitFor()
      if (route === '#/secrets') {
        // The scan sees what is there: the secret's name is on the page, its value is not.
        await page.locator('[data-test=secret-row-api_token]').waitFor()
        assert.ok((await findInPage(page, 'api_token')).includes('page HTML'))
      }
      for (const needle of secretsToScan()) {
        assert.deepEqual(await findInPage(page, needle), [], `${needle} on ${route}`)
      }
    }
    const bodies = await watcher.bodies()
    assert.ok(bodies.some((b) => b.url.includes('/api/v1/secrets') && b.text.includes('api_token')),
      'response bodies were collected')
    for (const b of bodies) {
      for (const needle of secretsToScan()) assert.ok(!b.text.includes(needle), `${needle} in ${b.url}`)
    }
    // Every API call the app made is a route of the server's OpenAPI document (no drift).
    const doc = await page.evaluate(async () => (await fetch('/api/v1/openapi.json')).json())
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) =>
      ({ method: m.toUpperCase(), re: new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '$') })))
    for (const call of watcher.apiCalls) {
      assert.ok(routes.some((r) => r.method === call.method && r.re.test(call.path)),
        `${call.method} ${call.path} is not in /api/v1/openapi.json`)
    }
    // Every page ran under the strict policy (see enforceStrictCsp): nothing was refused.
    const csp = watcher.consoleErrors.filter((m) => /Content Security Policy/i.test(m))
    assert.deepEqual(csp, [])
  })
})
