// The JSON shapes of Flowfile's web API (/api/v1) that the app uses, written from the contract.
// contract.ts checks them against openapi.d.ts, generated from the server's route table.

export interface ApiErrorBody {
  error: { code: string; message: string; hint?: string }
}

export interface KeyInfo {
  source: string
  fingerprint: string
}

export interface Session {
  version: string
  workspace: string
  csrf_token: string
  key: KeyInfo
}

export interface NodePort {
  name?: string
  [extra: string]: unknown
}

export interface NodeType {
  key: string
  group: string
  label: string
  inputs: number | NodePort[] | string[]
  outputs: number | NodePort[] | string[]
  settings_schema: unknown
  /** Why the node cannot run here, for types that open and save only. */
  refusal?: string
}

export interface DatabaseConnectionInfo {
  connection_name: string
  database_type: string
  host: string
  port: number | null
  database: string
  username: string
  has_password: boolean
  password_ref: string
  ssl_enabled: boolean
  url: string
  created_at: string
  updated_at: string
}

/** POST body; on PUT every field may be left out (an absent password keeps the old one). */
export interface DatabaseConnectionInput {
  connection_name?: string
  database_type?: string
  host?: string
  port?: number | null
  database?: string
  username?: string
  password?: string
  ssl_enabled?: boolean
  url?: string
}

export interface ConnectionTestResult {
  ok: boolean
  message: string
  server_version?: string
  latency_ms?: number
}

/** The workspace's flows whose nodes use a connection (GET .../{name}/usage). */
export interface ConnectionUsage {
  connection: string
  flows: { path: string; nodes: number[] }[]
  unreadable: string[]
}

export interface TableEntry {
  name: string
  kind: string
}

export interface Column {
  name: string
  type: string
}

/** A cell as JSON gives it (string, number, boolean, null, or nested). */
export type Cell = unknown

export interface Preview {
  columns: Column[]
  rows: Cell[][]
  total_rows?: number
}

/** Secret-holding fields of a cloud connection: write-only, never returned. */
export const cloudSecretFields = [
  'aws_secret_access_key',
  'aws_session_token',
  'azure_account_key',
  'azure_client_secret',
  'azure_sas_token',
  'gcs_service_account_key',
] as const
export type CloudSecretField = (typeof cloudSecretFields)[number]

export interface CloudConnectionPlain {
  connection_name: string
  storage_type: string
  auth_method: string
  endpoint_url: string
  verify_ssl: boolean
  scopes: string[]
  aws_region: string
  aws_access_key_id: string
  aws_role_arn: string
  aws_allow_unsafe_html: boolean
  azure_account_name: string
  azure_tenant_id: string
  azure_client_id: string
  gcs_project_id: string
}

export interface CloudConnectionInfo extends CloudConnectionPlain {
  secret_fields_set: string[]
  secret_field_refs: Record<string, string>
  created_at: string
  updated_at: string
}

export type CloudConnectionInput = Partial<CloudConnectionPlain> &
  Partial<Record<CloudSecretField, string>>

export interface PathEntry {
  path: string
  size: number | null
  is_dir: boolean
}

export interface SecretInfo {
  name: string
  created_at: string
  updated_at: string
}

export interface Namespace {
  name: string
  tables: number
}

export interface CatalogTable {
  namespace: string
  name: string
  version: number
  rows?: number | null
  size_bytes?: number | null
  updated_at: string
}

export interface CatalogTableDetail extends CatalogTable {
  schema: Column[]
  partition_columns: string[]
  description?: string
  created_at?: string
  lineage: TableLineage
}

/** Where a table's versions came from and where they went (the catalog's lineage records). */
export interface TableLineage {
  full_name: string
  writes: { version: number; run_id: string; operation: string;
    read_versions: { table: string; version: number }[]
    /** The producing flow file: workspace-relative inside the workspace, else absolute; "" when
     * the write came from a script or an unsaved flow. */
    flow?: string
    /** True when `flow` is a flow file of the workspace the designer can open. */
    flow_openable?: boolean }[]
  reads: { table_version: number; run_id: string; time: string }[]
  downstream_tables: string[]
}

export interface MaintenanceResult {
  version: number
  committed: boolean
  files_removed?: number
  files_added?: number
}

export interface VacuumResult {
  files: number
  bytes: number
  dry_run: boolean
}

export interface AuditEvent {
  id: number
  time: string
  actor: string
  action: string
  object_kind: string
  object_name: string
  outcome: string
}

export interface HistoryEntry {
  version: number
  /** ISO-8601, as Python's `ff.catalog.history()` gives it; `timestamp_ms` is the number. */
  timestamp: string
  timestamp_ms?: number
  time?: string
  operation: string
  parameters: Record<string, unknown> | null
  run_id?: string
  rows_inserted?: number
  rows_updated?: number
  rows_deleted?: number
}
