// What the Database form asks for each database type. Server databases need host, database
// and user; file databases (SQLite, DuckDB) need a file path. The server checks again.

export interface DatabaseType {
  key: string
  label: string
  fileBased: boolean
  defaultPort?: number
}

export const databaseTypes: DatabaseType[] = [
  { key: 'postgresql', label: 'PostgreSQL', fileBased: false, defaultPort: 5432 },
  { key: 'mysql', label: 'MySQL', fileBased: false, defaultPort: 3306 },
  { key: 'mariadb', label: 'MariaDB', fileBased: false, defaultPort: 3306 },
  { key: 'mssql', label: 'SQL Server', fileBased: false, defaultPort: 1433 },
  { key: 'sqlite', label: 'SQLite', fileBased: true },
  { key: 'duckdb', label: 'DuckDB', fileBased: true },
]

export function databaseType(key: string): DatabaseType {
  return databaseTypes.find((t) => t.key === key) ?? { key, label: key, fileBased: false }
}

/** Names follow the store's rule: 1-128 letters, digits, '_', '-', '.'. */
export function nameError(name: string): string | undefined {
  if (!name) return 'A name is required.'
  if (name.length > 128) return 'At most 128 characters.'
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return "Use letters, digits, '_', '-' and '.' only."
  return undefined
}

export function portError(port: string): string | undefined {
  if (port === '') return undefined
  const n = Number(port)
  if (!Number.isInteger(n) || n < 1 || n > 65535) return 'A port is a whole number from 1 to 65535.'
  return undefined
}
