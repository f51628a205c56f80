// An independent Delta reader for tests: replays a table's _delta_log with nothing but DuckDB SQL
// over the files (glob, read_json_objects, read_parquet) and prints the table's rows, so that
// what Flowfile's writer commits is checked by code that shares nothing with Flowfile's reader.
//
//   node tests/delta_reader/replay.mjs <table folder> [version]
//
// Prints one JSON document: {"version", "columns": [names], "types": [Delta types],
// "partition_columns", "checkpoint" (the version started from, or null), "rows": [[text|null]]}
// with every value rendered as DuckDB's VARCHAR cast. Exits 2 with a message on stderr for
// anything it does not implement (deletion vectors, column mapping, nested types, a log gap):
// it refuses rather than guesses.
import { DuckDBInstance } from '@duckdb/node-api';

function refuse(message) {
  process.stderr.write(`delta replay: ${message}\n`);
  process.exit(2);
}

const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;
const ident = (name) => `"${String(name).replaceAll('"', '""')}"`;

const kPrimitive = {
  string: 'VARCHAR', long: 'BIGINT', integer: 'INTEGER', short: 'SMALLINT', byte: 'TINYINT',
  double: 'DOUBLE', float: 'FLOAT', boolean: 'BOOLEAN', date: 'DATE', binary: 'BLOB',
  timestamp: 'TIMESTAMPTZ', timestamp_ntz: 'TIMESTAMP',
};

function duckType(deltaType) {
  if (typeof deltaType !== 'string') refuse(`nested type ${JSON.stringify(deltaType)} is not supported`);
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(deltaType);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  if (!(deltaType in kPrimitive)) refuse(`type '${deltaType}' is not supported`);
  return kPrimitive[deltaType];
}

async function rows(conn, sql) {
  return (await conn.runAndReadAll(sql)).getRows();
}

// The log's files by kind: commits by version, classic / multi-part checkpoints by version.
async function listLog(conn, root) {
  const files = await rows(conn, `SELECT file FROM glob(${quote(`${root}/_delta_log/*`)})`);
  const commits = new Map();
  const checkpoints = new Map();
  for (const [file] of files) {
    const name = file.split('/').pop();
    let m;
    if ((m = /^(\d{20})\.json$/.exec(name))) {
      commits.set(Number(m[1]), file);
    } else if ((m = /^(\d{20})\.checkpoint(?:\.(\d{10})\.(\d{10}))?\.parquet$/.exec(name))) {
      const version = Number(m[1]);
      const entry = checkpoints.get(version) ?? { parts: m[3] ? Number(m[3]) : 1, files: [] };
      entry.files.push(file);
      checkpoints.set(version, entry);
    } else if (/^\d{20}\.checkpoint\..*\.(json|parquet)$/.test(name)) {
      refuse(`V2 checkpoint '${name}' is not supported`);
    }
  }
  return { commits, checkpoints };
}

// Every action as (version, seq, json text): checkpoint rows first, then commit lines.
async function loadActions(conn, log, target) {
  const complete = [...log.checkpoints.entries()]
    .filter(([v, c]) => v <= target && c.files.length === c.parts)
    .sort((a, b) => b[0] - a[0]);
  const checkpoint = complete.length ? complete[0][0] : null;
  const parts = [];
  if (checkpoint !== null) {
    const list = `[${complete[0][1].files.sort().map(quote).join(', ')}]`;
    parts.push(`SELECT ${checkpoint}::BIGINT AS version, 0::BIGINT AS seq, to_json(t)::VARCHAR AS j
                FROM read_parquet(${list}, union_by_name = true, hive_partitioning = false) t`);
  }
  for (let v = checkpoint === null ? 0 : checkpoint + 1; v <= target; ++v) {
    const file = log.commits.get(v);
    if (!file) refuse(`commit ${v} is missing from the log`);
    parts.push(`SELECT ${v}::BIGINT AS version, row_number() OVER ()::BIGINT AS seq, json::VARCHAR AS j
                FROM read_json_objects(${quote(file)}, format = 'newline_delimited')`);
  }
  await conn.run(`CREATE OR REPLACE TABLE actions AS ${parts.join(' UNION ALL ')}`);
  return checkpoint;
}

// The newest protocol and metaData, refusing the features this reader does not implement.
async function tableMetadata(conn) {
  const [[metadata]] = await rows(conn, `SELECT j->>'$.metaData' FROM actions
      WHERE (j->'$.metaData') IS NOT NULL AND json_type(j->'$.metaData') <> 'NULL'
      ORDER BY version DESC, seq DESC LIMIT 1`);
  if (!metadata) refuse('the log has no metaData action');
  const meta = JSON.parse(metadata);
  const mapping = (meta.configuration ?? {})['delta.columnMapping.mode'];
  if (mapping && mapping !== 'none') refuse(`column mapping mode '${mapping}' is not supported`);
  const [[protocol]] = await rows(conn, `SELECT j->>'$.protocol' FROM actions
      WHERE (j->'$.protocol') IS NOT NULL AND json_type(j->'$.protocol') <> 'NULL'
      ORDER BY version DESC, seq DESC LIMIT 1`);
  if (!protocol) refuse('the log has no protocol action');
  const features = JSON.parse(protocol).readerFeatures ?? [];
  for (const feature of features) {
    if (feature !== 'timestampNtz') refuse(`reader feature '${feature}' is not supported`);
  }
  const schema = JSON.parse(meta.schemaString);
  return { schema, partitionColumns: meta.partitionColumns ?? [] };
}

// Reconciliation: per (decoded path, DV id) the newest action wins; live files are the adds.
async function liveFiles(conn) {
  await conn.run(`CREATE OR REPLACE TABLE file_actions AS
    SELECT version, seq, kind, url_decode(a->>'$.path') AS path, a->'$.partitionValues' AS pv,
           a->'$.deletionVector' AS dv
    FROM (SELECT version, seq, 'add' AS kind, j->'$.add' AS a FROM actions
          UNION ALL SELECT version, seq, 'remove', j->'$.remove' FROM actions)
    WHERE a IS NOT NULL AND json_type(a) <> 'NULL'`);
  const live = await rows(conn, `SELECT path, pv::VARCHAR, dv::VARCHAR FROM file_actions
    QUALIFY row_number() OVER (PARTITION BY path, coalesce(dv::VARCHAR, '')
                               ORDER BY version DESC, seq DESC) = 1
    AND kind = 'add' ORDER BY path`);
  for (const [path, , dv] of live) {
    if (dv && dv !== 'null') refuse(`file '${path}' has a deletion vector; not supported`);
  }
  return live.map(([path, pv]) => ({ path, partitionValues: pv ? JSON.parse(pv) ?? {} : {} }));
}

async function main() {
  const [root, versionArg] = process.argv.slice(2);
  if (!root) refuse('usage: replay.mjs <table folder> [version]');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const log = await listLog(conn, root);
  if (log.commits.size === 0 && log.checkpoints.size === 0) refuse(`no Delta log under '${root}'`);
  const newest = Math.max(...log.commits.keys(), ...log.checkpoints.keys());
  const target = versionArg === undefined ? newest : Number(versionArg);
  const checkpoint = await loadActions(conn, log, target);
  const { schema, partitionColumns } = await tableMetadata(conn);
  const fields = schema.fields.map((f) => ({ name: f.name, type: f.type, duck: duckType(f.type) }));
  const selects = [];
  for (const file of await liveFiles(conn)) {
    const location = `${root}/${file.path}`;
    const present = new Set((await rows(conn,
      `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${quote(location)}))`)).map((r) => r[0]));
    const columns = fields.map((f) => {
      if (partitionColumns.includes(f.name)) {
        const value = file.partitionValues[f.name];
        return `CAST(${value === null || value === undefined ? 'NULL' : quote(value)} AS ${f.duck}) AS ${ident(f.name)}`;
      }
      return present.has(f.name) ? `CAST(${ident(f.name)} AS ${f.duck}) AS ${ident(f.name)}`
                                 : `CAST(NULL AS ${f.duck}) AS ${ident(f.name)}`;
    });
    selects.push(`SELECT ${columns.join(', ')} FROM read_parquet(${quote(location)})`);
  }
  const out = fields.map((f) => `CAST(${ident(f.name)} AS VARCHAR)`).join(', ');
  const data = selects.length ? await rows(conn, `SELECT ${out} FROM (${selects.join(' UNION ALL ')})`) : [];
  process.stdout.write(JSON.stringify({
    version: target, checkpoint, columns: fields.map((f) => f.name), types: fields.map((f) => f.type),
    partition_columns: partitionColumns, rows: data,
  }) + '\n');
}

await main();
