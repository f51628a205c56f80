#include "store/migrations.hpp"

namespace ff {

const std::vector<std::string>& StoreMigrations() {
  static const std::vector<std::string> migrations = {
      // 1: connections, secrets, audit.
      R"sql(
      CREATE TABLE database_connections (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL DEFAULT 1,
        connection_name TEXT NOT NULL,
        database_type TEXT NOT NULL,
        host TEXT NOT NULL DEFAULT '',
        port INTEGER,
        database TEXT NOT NULL DEFAULT '',
        username TEXT NOT NULL DEFAULT '',
        ssl_enabled INTEGER NOT NULL DEFAULT 0,
        url TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (user_id, connection_name)
      );
      CREATE TABLE cloud_storage_connections (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL DEFAULT 1,
        connection_name TEXT NOT NULL,
        storage_type TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        endpoint_url TEXT NOT NULL DEFAULT '',
        verify_ssl INTEGER NOT NULL DEFAULT 1,
        scopes TEXT NOT NULL DEFAULT '[]',
        aws_region TEXT NOT NULL DEFAULT '',
        aws_access_key_id TEXT NOT NULL DEFAULT '',
        aws_role_arn TEXT NOT NULL DEFAULT '',
        aws_allow_unsafe_html INTEGER NOT NULL DEFAULT 0,
        azure_account_name TEXT NOT NULL DEFAULT '',
        azure_tenant_id TEXT NOT NULL DEFAULT '',
        azure_client_id TEXT NOT NULL DEFAULT '',
        gcs_project_id TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (user_id, connection_name)
      );
      -- Every encrypted value lives here: user secrets (owner_kind 'user', named) and
      -- connection fields (owner_kind + owner_id + field). A row either holds a
      -- $ffsec$1$ envelope (encrypted_value, with the fingerprint of the master key that
      -- sealed it) or a reference to a user secret by name ("${secret:NAME}").
      CREATE TABLE secrets (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL DEFAULT 1,
        owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'database_connection', 'cloud_connection')),
        owner_id INTEGER,
        field TEXT,
        name TEXT,
        encrypted_value TEXT,
        key_fingerprint TEXT,
        reference TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((encrypted_value IS NULL) != (reference IS NULL))
      );
      CREATE UNIQUE INDEX secrets_user_name ON secrets (user_id, name) WHERE owner_kind = 'user';
      CREATE UNIQUE INDEX secrets_owner_field ON secrets (owner_kind, owner_id, field)
        WHERE owner_kind != 'user';
      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object_kind TEXT NOT NULL,
        object_name TEXT NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX audit_events_name ON audit_events (object_name);
      )sql",
      // 2: the catalog (issue 5). Namespaces are catalogs (level 0) and schemas (level 1);
      // tables point at Delta directories; catalog_reads records version-pinned lineage.
      R"sql(
      CREATE TABLE catalog_namespaces (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id INTEGER REFERENCES catalog_namespaces (id),
        level INTEGER NOT NULL CHECK (level IN (0, 1)),
        description TEXT,
        storage_uri TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (name, parent_id)
      );
      CREATE UNIQUE INDEX catalog_namespaces_root_name ON catalog_namespaces (name)
        WHERE parent_id IS NULL;
      CREATE TABLE catalog_tables (
        id INTEGER PRIMARY KEY,
        namespace_id INTEGER NOT NULL REFERENCES catalog_namespaces (id),
        name TEXT NOT NULL,
        location TEXT NOT NULL,
        format TEXT NOT NULL DEFAULT 'delta',
        owner TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        row_count INTEGER,
        size_bytes INTEGER,
        partition_columns TEXT NOT NULL DEFAULT '[]',
        description TEXT,
        source_run_id TEXT,
        source_flow_id TEXT,
        UNIQUE (name, namespace_id)
      );
      CREATE TABLE catalog_reads (
        id INTEGER PRIMARY KEY,
        table_id INTEGER NOT NULL REFERENCES catalog_tables (id),
        table_version INTEGER NOT NULL,
        reader_run_id TEXT,
        time TEXT NOT NULL
      );
      CREATE INDEX catalog_reads_table ON catalog_reads (table_id);
      )sql",
      // 3: the catalog's mirror of the Delta log (latest version) and the SCD2 settings a
      // table was created with (later scd2 writes must use the same ones).
      R"sql(
      ALTER TABLE catalog_tables ADD COLUMN delta_version INTEGER;
      ALTER TABLE catalog_tables ADD COLUMN scd2_config TEXT;
      )sql",
      // 4: catalogs whose storage root is on cloud storage name the connection (by name only).
      R"sql(
      ALTER TABLE catalog_namespaces ADD COLUMN storage_connection TEXT;
      )sql",
      // 5: the master key's state (docs/security.md, "Rotation protocol"): the fingerprint
      // new values are sealed with, and the rotation in progress, if any. One row.
      R"sql(
      CREATE TABLE key_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        current_fingerprint TEXT,
        rotation_from TEXT,
        rotation_to TEXT,
        rotation_phase TEXT CHECK (rotation_phase IN ('resealing', 'promoting')),
        rotation_started_at TEXT,
        rotation_actor TEXT,
        updated_at TEXT
      );
      INSERT INTO key_state (id) VALUES (1);
      CREATE INDEX secrets_key_fingerprint ON secrets (key_fingerprint);
      )sql",
  };
  return migrations;
}

}  // namespace ff
