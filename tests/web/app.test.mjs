// The web app against the real server and store (see run.sh): log in with the printed token,
// create, test and browse a SQLite connection, create, test and edit a PostgreSQL one with a password, set a secret, read a catalog table at two
// versions, drop a node on the canvas, run a flow that writes the catalog and read its versions in
// Python, use cloud connections made on either side; no secret value ever reaches the page or a
// response.
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
    // The test lists the connection's first scope.
    const result = page.locator('[data-test=test-result]')
    await result.waitFor()
    assert.match(await result.textContent(), /^Connected/)
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

  test("one store, both ways, for cloud connections: the UI's S3 connection reads in Python, and Python's is listed", async (t) => {
    if (!needBrowser(t)) return
    if (!s3.endpoint) return t.skip('no S3 server (moto) for this run')
    // "bucket" was made through the form (the S3 test above).
    const out = python(`
import flowfile as ff
print(ff.scan_csv_from_cloud_storage("s3://ff-web/data/a.csv", connection_name="bucket").collect()["id"].to_list())
ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
    connection_name="py_lake", storage_type="s3", auth_method="access_key", aws_region="us-east-1",
    aws_access_key_id=${JSON.stringify(s3.keyId)}, aws_secret_access_key=${JSON.stringify(s3.secret)},
    endpoint_url=${JSON.stringify(s3.endpoint)}, scopes=["s3://ff-web/data/"], aws_allow_unsafe_html=True))
`)
    assert.equal(out, '[1]')
    await page.getByRole('link', { name: 'Cloud storage' }).click()
    await page.locator('[data-test=cloud-row-bucket]').waitFor()
    await page.click('[data-test=refresh]')
    const row = page.locator('[data-test=cloud-row-py_lake]')
    await row.waitFor()
    assert.match(await row.textContent(), /aws_secret_access_key/)
    await row.getByRole('button', { name: 'Test' }).click()
    const result = page.locator('[data-test=test-result]')
    await result.waitFor()
    assert.match(await result.textContent(), /^Connected/)
    await shot('cloud-from-python')
  })

  test('a flow run from the designer writes the catalog, and Python reads each version it wrote', async (t) => {
    if (!needBrowser(t)) return
    const csv = join(work, 'ui_orders.csv')
    const flowFile = join(work, 'home', 'flows', 'to_catalog.yaml')
    python(`
import os, pathlib
pathlib.Path(${JSON.stringify(csv)}).write_text("id,label\\n1,alpha\\n2,beta\\n")
os.makedirs(os.path.dirname(${JSON.stringify(flowFile)}), exist_ok=True)
pathlib.Path(${JSON.stringify(flowFile)}).write_text('''flowfile_version: 1.0.0
flowfile_id: 42
flowfile_name: To catalog
nodes:
  - {id: 1, type: read, description: Read orders, x_position: 100, y_position: 200, input_ids: [],
     setting_input: {received_file: {name: orders.csv, path: ${JSON.stringify(csv)}, file_type: csv,
                     table_settings: {file_type: csv, delimiter: ',', has_headers: true}}}}
  - {id: 2, type: catalog_writer, description: Publish orders, x_position: 360, y_position: 200,
     input_ids: [1], setting_input: {catalog_write_settings: {table_name: from_ui,
                     namespace_full_name: sales, write_mode: overwrite}}}
''')`)
    const runFromUi = async () => {
      await page.goto(new URL('/#/designer?flow=flows/to_catalog.yaml', url).toString())
      await page.locator('.vue-flow__node').filter({ hasText: 'Publish orders' }).waitFor()
      await page.locator('[data-test=run-flow]').click()
      await page.locator('[data-run-status=finished]').waitFor({ timeout: 30000 })
    }
    await runFromUi()
    python(`import pathlib; pathlib.Path(${JSON.stringify(csv)}).write_text("id,label\\n3,gamma\\n")`)
    await page.goto(new URL('/#/audit', url).toString()) // leave the designer so it reloads the flow
    await runFromUi()
    const read = (v) => python(`
import flowfile as ff
print(sorted(ff.read_catalog_table("sales.from_ui", version=${v}).collect()["label"].to_list()))`)
    assert.equal(read(0), "['alpha', 'beta']")
    assert.equal(read(1), "['gamma']")
    await page.getByRole('link', { name: 'Catalog' }).click()
    await page.click('[data-test=refresh]')
    await page.locator('[data-test=catalog-tree]').getByRole('button', { name: /sales/ }).first().click()
    await page.locator('[data-test=catalog-table-from_ui] button').click()
    const history = page.locator('[data-test=catalog-history] tbody tr')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=catalog-history] tbody tr').length === 2)
    assert.equal(await history.count(), 2)
    await shot('catalog-written-from-ui')
  })

  test("a table's lineage names the designer flow that wrote it, and a click opens that flow", async (t) => {
    if (!needBrowser(t)) return
    // sales.from_ui was written twice from flows/to_catalog.yaml by the test before.
    const lineage = page.locator('[data-test=catalog-detail] [data-test=lineage]')
    const producer = lineage.locator('.vue-flow__node.lineage-producer')
    await producer.filter({ hasText: 'flows/to_catalog.yaml' }).waitFor()
    assert.equal(await producer.count(), 1) // one flow node for both runs
    assert.equal(await lineage.locator('.vue-flow__node.lineage-run').count(), 2)
    await lineage.locator('[data-test=lineage-producers]').getByText('(2 runs)').waitFor()
    await shot('catalog-lineage-producer')
    await producer.click()
    await page.waitForFunction(() => decodeURIComponent(window.location.hash) === '#/designer?flow=flows/to_catalog.yaml')
    await page.locator('.vue-flow__node').filter({ hasText: 'Publish orders' }).waitFor()
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
    // The edges follow once the nodes are measured.
    await page.waitForFunction(() => document.querySelectorAll('.vue-flow__edge').length >= 3)
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

  test('the settings drawer: a column from the picker, a formula fixed after its error is shown, a run that follows them', async (t) => {
    if (!needBrowser(t)) return
    // A Flowfile flow file: items -> filter (price > 10) -> formula (total = [price] * 2).
    python(`
import json, os, flowfile as ff
node = lambda i, t, s, inputs, d, x: {"id": i, "type": t, "description": d, "x_position": x, "y_position": 0,
    "input_ids": inputs, "outputs": [], "setting_input": s}
nodes = [
    node(1, "manual_input", {"raw_data_format": {"columns": [{"name": "price", "data_type": "Int64"},
        {"name": "qty", "data_type": "Int64"}], "data": [[5, 20, 40, 60], [1, 2, 3, 4]]}}, [], "Items", 0),
    node(2, "filter", {"filter_input": {"mode": "basic", "basic_filter": {"field": "price",
        "operator": "greater_than", "value": "10"}}}, [1], "Keep big", 260),
    node(3, "formula", {"function": {"field": {"name": "total", "data_type": "Auto"},
        "function": "[price] * 2"}}, [2], "Total", 520),
]
os.makedirs(os.path.join(ff.config_dir(), "flows"), exist_ok=True)
json.dump({"flowfile_name": "settings", "flowfile_settings": {}, "nodes": nodes},
          open(os.path.join(ff.config_dir(), "flows", "settings.json"), "w"))`)
    await page.goto(new URL('/#/designer?flow=flows/settings.json', url).toString())
    const node = (label) => page.locator('.vue-flow__node').filter({ hasText: label })
    await node('Keep big').waitFor()
    const details = () => page.locator('[data-test=node-detail]').allTextContents()
    // Runs the flow and waits for the node details to read `expected` (the last run's stay
    // on the page until the new run's events arrive), then checks they do.
    const runExpecting = async (expected) => {
      await page.locator('[data-test=run-flow]').click()
      await page.waitForFunction((source) => new RegExp(source).test(
        [...document.querySelectorAll('[data-test=node-detail]')].map((e) => e.textContent).join('|')),
      expected.source, { timeout: 30000 }).catch(() => {})
      await page.locator('[data-run-status=finished]').waitFor({ timeout: 30000 })
      assert.match((await details()).join('|'), expected)
    }
    await runExpecting(/^4 rows · \d+ ms\|3 rows · \d+ ms\|3 rows · \d+ ms$/)

    // The filter: its column picker offers the columns that arrive at its input.
    await node('Keep big').dblclick()
    const drawer = page.locator('[data-test=settings-drawer]')
    await drawer.waitFor()
    assert.equal(await drawer.getAttribute('data-node-id'), '2')
    const picker = drawer.locator('[data-field="filter_input.basic_filter.field"] select')
    await page.waitForFunction(() => document.querySelectorAll('[data-field="filter_input.basic_filter.field"] select option').length === 3)
    assert.deepEqual(await picker.locator('option').allTextContents(), ['— choose a column —', 'price (Int64)', 'qty (Int64)'])
    assert.equal(await picker.inputValue(), 'price')
    assert.equal(await drawer.locator('[data-field="filter_input.mode"] select').inputValue(), 'basic')
    await picker.selectOption('qty')
    await drawer.locator('[data-field="filter_input.basic_filter.value"] input').fill('2')
    // split_mode changes nothing here (both outputs always exist): the form does not show it.
    assert.equal(await drawer.locator('[data-field="split_mode"]').count(), 0)
    await shot('designer-settings-drawer')
    // The form shows the chosen mode's fields only; the other mode's keep their values.
    const basicField = drawer.locator('[data-field="filter_input.basic_filter"]')
    const advancedField = drawer.locator('[data-field="filter_input.advanced_filter"]')
    assert.equal(await advancedField.count(), 0)
    await drawer.locator('[data-field="filter_input.mode"] select').selectOption('advanced')
    await advancedField.locator('textarea').waitFor()
    await basicField.waitFor({ state: 'detached' })
    assert.equal(await drawer.locator('[data-field="filter_input.basic_filter.value"]').count(), 0)
    await shot('designer-settings-filter-advanced')
    await drawer.locator('[data-field="filter_input.mode"] select').selectOption('basic')
    await advancedField.waitFor({ state: 'detached' })
    assert.equal(await picker.inputValue(), 'qty')
    assert.equal(await drawer.locator('[data-field="filter_input.basic_filter.value"] input').inputValue(), '2')
    await drawer.locator('[data-test=close-settings]').click()
    await drawer.waitFor({ state: 'detached' })

    // The formula: renamed, then a typo in a column is shown where it is, then fixed.
    await node('Total').dblclick()
    await drawer.waitFor()
    assert.equal(await drawer.getAttribute('data-node-id'), '3')
    await drawer.locator('[data-test=node-description]').fill('Line total')
    // The new column's type is a choice of the core's type names.
    const typeChoice = drawer.locator('[data-field="function.field.data_type"] select')
    assert.equal(await typeChoice.inputValue(), 'Auto')
    assert.ok((await typeChoice.locator('option').allTextContents()).includes('Int64'))
    await node('Line total').waitFor()
    const editor = drawer.locator('[data-field="function.function"]')
    const area = editor.locator('textarea')
    const status = editor.locator('[data-test=formula-status]')
    await page.waitForFunction(() => document.querySelector('[data-field="function.function"] [data-test=formula-status]')?.getAttribute('data-state') === 'ok')
    assert.match(await status.textContent(), /Valid formula, gives Int64/)
    await area.fill('[price] * [qtyy]')
    await editor.locator('[data-test=formula-error]').waitFor()
    assert.match(await editor.locator('[data-test=formula-error]').textContent(), /unknown column \[qtyy\]; did you mean \[qty\]\?/)
    assert.match(await editor.locator('[data-test=formula-position]').textContent(), /line 1, column 11 \(character 10\)/)
    assert.equal(await editor.locator('[data-test=formula-marked] mark').textContent(), '[')
    await editor.locator('[data-test=formula-functions] summary').click()
    assert.ok(await editor.locator('[data-function]').count() >= 90, 'the function list is shown')
    await shot('designer-formula-editor')
    await editor.locator('[data-test=formula-functions] summary').click()
    // Autocomplete: `[q` offers [qty]; Enter takes it.
    await area.fill('')
    await area.pressSequentially('[price] * [q')
    const suggestions = editor.locator('[data-test=formula-suggestions] li')
    await suggestions.first().waitFor()
    assert.deepEqual(await suggestions.evaluateAll((els) => els.map((e) => e.getAttribute('data-suggestion'))), ['[qty]'])
    await area.press('Enter')
    assert.equal(await area.inputValue(), '[price] * [qty]')
    await page.waitForFunction(() => document.querySelector('[data-field="function.function"] [data-test=formula-status]')?.getAttribute('data-state') === 'ok')
    await drawer.locator('[data-test=close-settings]').click()

    // The run follows the new settings: qty > 2 keeps 2 rows, each with price * qty.
    await runExpecting(/^4 rows · \d+ ms\|2 rows · \d+ ms\|2 rows · \d+ ms$/)
    await page.locator('[data-test=save-flow]').click()
    await page.locator('.toast-ok').filter({ hasText: 'Saved flows/settings.json' }).waitFor()
    const saved = join(work, 'home', 'flows', 'settings.json')
    assert.equal(python(`import flowfile as ff; print(ff.open_flow(${JSON.stringify(saved)}).collect(3).to_dicts())`),
      "[{'price': 40, 'qty': 3, 'total': 120}, {'price': 60, 'qty': 4, 'total': 240}]")
  })

  test('canvas: upload (refused, then valid), preview with stats, run up to a node, layout, group, parameters, save, download', async (t) => {
    if (!needBrowser(t)) return
    // A 20,000-row Parquet file made by DuckDB and a flow over it: read -> filter on a parameter -> select.
    const parquet = join(work, 'canvas.parquet')
    python(`
import flowfile as ff
ff.from_dict({"x": [0]}).sql("SELECT range AS a, CASE WHEN range % 4 = 0 THEN NULL ELSE ['x', 'y', 'z'][range % 3 + 1] END AS s FROM range(20000)").write_parquet(${JSON.stringify(parquet)})`)
    const good = join(work, 'canvas_demo.yaml')
    const yaml = `flowfile_version: 0.1.0
flowfile_id: 9
flowfile_name: canvas demo
flowfile_settings:
  parameters:
    - {name: min_a, default_value: '15000', type: integer}
nodes:
  - {id: 1, type: read, description: Read numbers, x_position: 0, y_position: 0, input_ids: [], outputs: [2],
     setting_input: {received_file: {path: ${parquet}, file_type: parquet}}}
  - {id: 2, type: filter, description: Keep big a, x_position: 0, y_position: 160, input_ids: [1], outputs: [3],
     setting_input: {filter_input: {mode: advanced, advanced_filter: '[a] >= \${min_a}'}}}
  - {id: 3, type: select, description: Keep a and s, x_position: 0, y_position: 320, input_ids: [2],
     setting_input: {select_input: [{old_name: a}, {old_name: s}]}}
`
    writeFileSync(good, yaml)
    const bad = join(work, 'broken_flow.yaml')
    writeFileSync(bad, yaml.replace('input_ids: [2]', 'input_ids: [77]'))
    await page.goto(new URL('/#/designer', url).toString())
    await page.locator('[data-test=canvas-toolbar]').waitFor()
    // An invalid file is refused with the loader's message and not written.
    await page.locator('[data-test=upload-input]').setInputFiles(bad)
    await page.locator('.toast-error').filter({ hasText: 'not a flow' }).filter({ hasText: '77' }).waitFor()
    await shot('designer-upload-refused')
    assert.equal(python(`import os; print(os.path.exists(${JSON.stringify(join(work, 'home', 'flows', 'broken_flow.yaml'))}))`), 'False')
    // A valid one lands in the workspace and opens.
    await page.locator('[data-test=upload-input]').setInputFiles(good)
    await page.locator('[data-test=flow-path]').filter({ hasText: 'flows/canvas_demo.yaml' }).waitFor()
    const node = (id) => page.locator(`.vue-flow__node[data-id="${id}"]`)
    await node(3).waitFor()
    // Auto-layout: left to right.
    await page.locator('[data-test=auto-layout]').click()
    await page.waitForFunction(() => {
      const x = (id) => document.querySelector(`.vue-flow__node[data-id="${id}"]`)?.getBoundingClientRect().x ?? 0
      return x('1') < x('2') && x('2') < x('3')
    })
    await page.locator('[data-test=canvas]').evaluate(() => new Promise((r) => setTimeout(r, 100)))
    await shot('designer-auto-layout')
    // Select a node: the preview shows its rows, types and stats.
    await node(2).click()
    await page.locator('[data-test=preview-summary]').filter({ hasText: '5,000 rows' }).waitFor()
    const stats = page.locator('[data-test=preview-stats] tr[data-column=s] td')
    assert.deepEqual(await stats.allTextContents(), ['s', 'String', '1250', '3', 'x', 'z'])
    assert.match(await page.locator('[data-test=preview-panel] .th-type').first().textContent(), /Int64/)
    await shot('designer-preview')
    // Run up to the filter from its menu: it runs, the select after it does not.
    await node(2).click({ button: 'right' })
    await page.locator('[data-test=node-menu]').waitFor()
    await shot('designer-node-menu')
    await page.locator('[data-test=menu-run-to]').click()
    await page.locator('[data-run-status=finished]').waitFor({ timeout: 30000 })
    assert.equal(await node(2).locator('.flow-node').getAttribute('data-status'), 'ok')
    assert.match(await node(2).locator('[data-test=node-detail]').textContent(), /^5,000 rows · \d+ ms$/)
    assert.equal(await node(3).locator('.flow-node').getAttribute('data-status'), 'idle')
    await shot('designer-run-to-node')
    // Group the first two nodes (shift-click adds to the selection).
    await node(1).click()
    await node(2).click({ modifiers: ['Shift'] })
    assert.equal(await page.locator('.vue-flow__node.selected').count(), 2)
    await page.locator('[data-test=group-nodes]').click()
    await page.locator('[data-test=group-box]').waitFor()
    await shot('designer-group')
    // Parameters: edit the default, add one; the open preview follows the new default.
    await node(3).click()
    await page.locator('[data-test=preview-summary]').filter({ hasText: '5,000 rows' }).waitFor()
    await page.locator('[data-test=flow-parameters]').click()
    await page.locator('[data-test=parameters-panel]').waitFor()
    await page.locator('[data-test=parameter-default]').first().fill('19000')
    await page.locator('[data-test=parameter-default]').first().press('Tab')
    await page.locator('[data-test=parameter-add]').click()
    await page.locator('[data-test=parameter-name]').nth(1).fill('region')
    await page.locator('[data-test=parameter-name]').nth(1).press('Tab')
    await shot('designer-parameters')
    await page.locator('[data-test=parameters-close]').click()
    assert.match(await page.locator('[data-test=flow-parameters]').textContent(), /\(2\)/)
    await page.locator('[data-test=preview-summary]').filter({ hasText: '1,000 rows' }).waitFor()
    // Save, then download: the file as saved, with the parameters and the group.
    await page.locator('[data-test=save-flow]').click()
    await page.locator('.toast-ok').filter({ hasText: 'Saved flows/canvas_demo.yaml' }).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-flow]').click()])
    assert.equal(download.suggestedFilename(), 'canvas_demo.yaml')
    const text = readFileSync(await download.path(), 'utf8')
    assert.equal(text, readFileSync(join(work, 'home', 'flows', 'canvas_demo.yaml'), 'utf8'))
    assert.match(text, /default_value: "19000"/)
    assert.match(text, /name: "region"/)
    assert.match(text, /groups:/)
    assert.match(text, /group_id: 1/)
  })

  test('canvas: drag and drop two nodes, connect, select, delete, undo/redo, copy/paste, node errors', async (t) => {
    if (!needBrowser(t)) return
    const node = (id) => page.locator(`.vue-flow__node[data-id="${id}"]`)
    const edges = () => page.locator('.vue-flow__edge').count()
    const pane = page.locator('.vue-flow__pane')
    const box = await pane.boundingBox()
    await page.locator('[data-test=preview-close]').click()
    for (const [key, x] of [['sort', 0.25], ['unique', 0.6]]) {
      await page.locator(`.palette-item[data-node-key=${key}]`).dragTo(pane,
        { targetPosition: { x: box.width * x, y: box.height - 70 } })
    }
    await node(4).waitFor()
    await node(5).waitFor()
    const before = await edges()
    await node(3).locator('.vue-flow__handle.source').dragTo(node(4).locator('.vue-flow__handle.target').first())
    await node(4).locator('.vue-flow__handle.source').dragTo(node(5).locator('.vue-flow__handle.target').first())
    await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__edge').length === n, before + 2)
    await shot('designer-drag-connect')
    // Select and delete with the key; undo brings node and edge back; redo and the buttons too.
    await node(5).click()
    assert.equal(await page.locator('.vue-flow__node.selected').count(), 1)
    await page.keyboard.press('Delete')
    await node(5).waitFor({ state: 'detached' })
    assert.equal(await edges(), before + 1)
    await shot('designer-deleted')
    await page.keyboard.press('Control+z')
    await node(5).waitFor()
    assert.equal(await edges(), before + 2)
    await page.keyboard.press('Control+Shift+z')
    await node(5).waitFor({ state: 'detached' })
    await page.locator('[data-test=undo]').click()
    await node(5).waitFor()
    // Box-select the two new nodes (Shift-drag), copy and paste: new ids, the edge between them
    // kept, not the one coming in.
    const b4 = await node(4).boundingBox()
    const b5 = await node(5).boundingBox()
    await page.keyboard.down('Shift')
    await page.mouse.move(Math.min(b4.x, b5.x) - 12, Math.min(b4.y, b5.y) - 12)
    await page.mouse.down()
    await page.mouse.move(Math.max(b4.x + b4.width, b5.x + b5.width) + 12, Math.max(b4.y + b4.height, b5.y + b5.height) + 12, { steps: 8 })
    await page.mouse.up()
    await page.keyboard.up('Shift')
    const selectedIds = () => page.locator('.vue-flow__node.selected').evaluateAll((els) => els.map((e) => e.dataset.id).sort())
    assert.deepEqual(await selectedIds(), ['4', '5'])
    await shot('designer-box-select')
    await page.keyboard.press('Control+c')
    await page.keyboard.press('Control+v')
    await node(6).waitFor()
    await node(7).waitFor()
    assert.equal(await edges(), before + 3)
    assert.equal(await page.locator('.vue-flow__node.selected').count(), 2)
    await shot('designer-pasted')
    // The pasted sort has no settings: running up to it shows the error on the node.
    await node(6).click({ button: 'right' })
    await page.locator('[data-test=menu-run-to]').click()
    await page.locator('[data-run-status=failed]').waitFor({ timeout: 30000 })
    assert.equal(await node(6).locator('.flow-node').getAttribute('data-status'), 'error')
    assert.notEqual((await node(6).locator('[data-test=node-detail]').textContent()).trim(), '')
    await shot('designer-node-error')
    // Undo back to the saved flow: the page no longer differs from the file.
    for (let i = 0; i < 5; i++) await page.locator('[data-test=undo]').click()
    await node(4).waitFor({ state: 'detached' })
    assert.equal((await page.locator('[data-test=flow-path]').textContent()).trim(), 'flows/canvas_demo.yaml')
  })

  test("split outputs: a filter's pass and fail outputs wired from the canvas, run and saved", async (t) => {
    if (!needBrowser(t)) return
    python(`
import json, os, flowfile as ff
node = lambda i, t, s, inputs, d, x, y: {"id": i, "type": t, "description": d, "x_position": x, "y_position": y,
    "input_ids": inputs, "outputs": [], "setting_input": s}
nodes = [
    node(1, "manual_input", {"raw_data_format": {"columns": [{"name": "price", "data_type": "Int64"}],
        "data": [[5, 20, 40, 60]]}}, [], "Prices", 0, 100),
    node(2, "filter", {"filter_input": {"mode": "basic", "basic_filter": {"field": "price",
        "operator": "greater_than", "value": "30"}}}, [1], "Split at 30", 260, 100),
    node(3, "unique", {"unique_input": {"columns": ["price"], "strategy": "first"}}, [], "Expensive", 560, 0),
    node(4, "unique", {"unique_input": {"columns": ["price"], "strategy": "first"}}, [], "Cheap", 560, 220),
]
json.dump({"flowfile_name": "split", "flowfile_settings": {}, "nodes": nodes},
          open(os.path.join(ff.config_dir(), "flows", "split.json"), "w"))`)
    await page.goto(new URL('/#/designer?flow=flows/split.json', url).toString())
    const node = (id) => page.locator(`.vue-flow__node[data-id="${id}"]`)
    await node(4).waitFor()
    // The filter shows one handle per output of its type; the others one.
    assert.equal(await node(2).locator('.vue-flow__handle.source').count(), 2)
    assert.equal(await node(3).locator('.vue-flow__handle.source').count(), 1)
    await node(2).locator('[data-test=output-pass]').dragTo(node(3).locator('.vue-flow__handle.target').first())
    await node(2).locator('[data-test=output-fail]').dragTo(node(4).locator('.vue-flow__handle.target').first())
    await page.waitForFunction(() => document.querySelectorAll('.vue-flow__edge').length === 3)
    await shot('designer-split-outputs')
    await page.locator('[data-test=run-flow]').click()
    await page.locator('[data-run-status=finished], [data-run-status=failed]').waitFor({ timeout: 30000 })
    assert.equal(await page.locator('[data-run-status]').getAttribute('data-run-status'), 'finished',
      await page.locator('[data-run-status]').textContent())
    const detail = async (id) => (await node(id).locator('[data-test=node-detail]').textContent()).trim()
    assert.match(await detail(3), /^2 rows/)
    assert.match(await detail(4), /^2 rows/)
    await page.locator('[data-test=save-flow]').click()
    await page.locator('.toast-ok').filter({ hasText: 'Saved flows/split.json' }).waitFor()
    const saved = join(work, 'home', 'flows', 'split.json')
    assert.equal(python(`
import flowfile as ff
flow = ff.open_flow(${JSON.stringify(saved)})
print(sorted(flow.collect(3)["price"].to_list()), sorted(flow.collect(4)["price"].to_list()))`), '[40, 60] [5, 20]')
  })

  test('a fresh load of a flow in the designer asks for the flow and the node registry once each', async (t) => {
    if (!needBrowser(t)) return
    await page.goto('about:blank')
    const from = watcher.apiCalls.length
    await page.goto(new URL('/#/designer?flow=flows/split.json', url).toString())
    await page.locator('.vue-flow__node[data-id="4"]').waitFor()
    await page.waitForFunction(() => document.querySelectorAll('.vue-flow__edge').length === 3)
    await page.locator('.palette-item').first().waitFor()
    const calls = watcher.apiCalls.slice(from).map((c) => `${c.method} ${c.path}`)
    assert.equal(calls.filter((c) => c === 'GET /api/v1/flows/file').length, 1, calls.join(', '))
    assert.equal(calls.filter((c) => c === 'GET /api/v1/nodes').length, 1, calls.join(', '))
    await shot('designer-fresh-load')
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
