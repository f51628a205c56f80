// Typed calls for each API route. Pages use these, never fetch directly.
import { request, requestText, seg, getSession } from './http'
import type {
  AuditEvent, CatalogTable, CatalogTableDetail, CloudConnectionInfo, CloudConnectionInput,
  ConnectionTestResult, ConnectionUsage, DatabaseConnectionInfo, DatabaseConnectionInput, HistoryEntry,
  MaintenanceResult, Namespace, NodeType, PathEntry, Preview, SecretInfo, TableEntry,
  VacuumResult,
} from './types'
import type { CanvasFlow, FlowColumn, FlowFileEntry, NodePreview } from './flows'
import type { FlowSchemas, FormulaCheck, FormulaFunction } from './settings'

export { getSession }

const db = '/connections/database'
const cloud = '/connections/cloud'

export const api = {
  nodes: () => request<NodeType[]>('GET', '/nodes'),

  databases: {
    list: () => request<DatabaseConnectionInfo[]>('GET', db),
    get: (name: string) => request<DatabaseConnectionInfo>('GET', `${db}/${seg(name)}`),
    create: (body: DatabaseConnectionInput) => request<DatabaseConnectionInfo>('POST', db, body),
    update: (name: string, body: DatabaseConnectionInput) =>
      request<DatabaseConnectionInfo>('PUT', `${db}/${seg(name)}`, body),
    remove: (name: string) => request<unknown>('DELETE', `${db}/${seg(name)}`),
    test: (name: string) => request<ConnectionTestResult>('POST', `${db}/${seg(name)}/test`),
    usage: (name: string) => request<ConnectionUsage>('GET', `${db}/${seg(name)}/usage`),
    schemas: (name: string) => request<string[]>('GET', `${db}/${seg(name)}/schemas`),
    tables: (name: string, schema: string) =>
      request<TableEntry[]>('GET', `${db}/${seg(name)}/tables`, undefined, { schema: schema || undefined }),
    preview: (name: string, schema: string, table: string, limit = 100) =>
      request<Preview>('GET', `${db}/${seg(name)}/preview`, undefined,
        { schema: schema || undefined, table, limit }),
  },

  clouds: {
    list: () => request<CloudConnectionInfo[]>('GET', cloud),
    create: (body: CloudConnectionInput) => request<CloudConnectionInfo>('POST', cloud, body),
    update: (name: string, body: CloudConnectionInput) =>
      request<CloudConnectionInfo>('PUT', `${cloud}/${seg(name)}`, body),
    remove: (name: string) => request<unknown>('DELETE', `${cloud}/${seg(name)}`),
    test: (name: string) => request<ConnectionTestResult>('POST', `${cloud}/${seg(name)}/test`),
    usage: (name: string) => request<ConnectionUsage>('GET', `${cloud}/${seg(name)}/usage`),
    list_path: (name: string, path: string) =>
      request<PathEntry[]>('GET', `${cloud}/${seg(name)}/list`, undefined, { path }),
  },

  secrets: {
    list: () => request<SecretInfo[]>('GET', '/secrets'),
    set: (name: string, value: string) =>
      request<{ created: boolean }>('PUT', `/secrets/${seg(name)}`, { value }),
    remove: (name: string) => request<unknown>('DELETE', `/secrets/${seg(name)}`),
  },

  flows: {
    list: () => request<FlowFileEntry[]>('GET', '/flows'),
    get: (path: string) => request<CanvasFlow>('GET', '/flows/file', undefined, { path }),
    save: (path: string, flow: CanvasFlow) =>
      request<{ path: string; created: boolean }>('PUT', '/flows/file', flow, { path }),
    run: (body: { path?: string; flow?: CanvasFlow; up_to_node?: number }) =>
      request<{ run_id: string }>('POST', '/flows/run', body),
    cancel: (runId: string) => request<{ status: string }>('POST', `/runs/${seg(runId)}/cancel`),
    code: (flow: CanvasFlow, target: 'python' | 'cpp' | 'sql') =>
      request<{ code: string }>('POST', '/flows/code', { flow, target }),
    schemas: (flow: CanvasFlow) => request<FlowSchemas>('POST', '/flows/schemas', { flow }),
    /** `key`: one per page; a newer preview with the same key cancels this one on the server. */
    preview: (flow: CanvasFlow, node_id: number, limit = 100, key?: string, signal?: AbortSignal) =>
      request<NodePreview>('POST', '/flows/preview', { flow, node_id, limit, key }, undefined, signal),
    cancelPreview: (key: string) =>
      request<{ cancelled: boolean }>('DELETE', `/flows/preview/${seg(key)}`),
    upload: (path: string, content: string, overwrite = false) =>
      request<{ path: string; name: string; nodes: number }>('POST', '/flows/upload', { path, content, overwrite }),
    download: (path: string) => requestText('/flows/download', { path }),
  },

  formula: {
    functions: () => request<FormulaFunction[]>('GET', '/formula/functions'),
    validate: (formula: string, columns?: FlowColumn[]) =>
      request<FormulaCheck>('POST', '/formula/validate', { formula, columns }),
  },

  catalog: {
    namespaces: () => request<Namespace[]>('GET', '/catalog/namespaces'),
    tables: (namespace: string) =>
      request<CatalogTable[]>('GET', '/catalog/tables', undefined, { namespace }),
    table: (ns: string, table: string) =>
      request<CatalogTableDetail>('GET', `/catalog/tables/${seg(ns)}/${seg(table)}`),
    history: (ns: string, table: string) =>
      request<HistoryEntry[]>('GET', `/catalog/tables/${seg(ns)}/${seg(table)}/history`),
    preview: (ns: string, table: string, version?: number, limit = 100) =>
      request<Preview>('GET', `/catalog/tables/${seg(ns)}/${seg(table)}/preview`, undefined,
        { version, limit }),
    remove: (ns: string, table: string) =>
      request<unknown>('DELETE', `/catalog/tables/${seg(ns)}/${seg(table)}`),
    restore: (ns: string, table: string, version: number) =>
      request<MaintenanceResult>('POST', `/catalog/tables/${seg(ns)}/${seg(table)}/restore`, { version }),
    vacuum: (ns: string, table: string, retention_hours: number, dry_run: boolean) =>
      request<VacuumResult>('POST', `/catalog/tables/${seg(ns)}/${seg(table)}/vacuum`,
        { retention_hours, dry_run }),
    optimize: (ns: string, table: string) =>
      request<MaintenanceResult>('POST', `/catalog/tables/${seg(ns)}/${seg(table)}/optimize`),
  },

  audit: {
    list: (limit = 200, name?: string) =>
      request<AuditEvent[]>('GET', '/audit', undefined, { limit, name: name || undefined }),
  },
}
