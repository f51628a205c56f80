// Connections, secrets, audit and keys for Python. Plain values in, dicts out; secrets
// arrive as Python str and become ff::Secret at once. The Python layer
// (flowfile/connections.py, flowfile/secrets.py) adds signatures and docs.
#include "flowfile/connections.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "flowfile/audit.hpp"
#include "flowfile/keys.hpp"
#include "flowfile/secrets.hpp"
#include "flowfile/workspace.hpp"

namespace py = pybind11;

namespace flowfile_py {
namespace {

std::shared_ptr<ff::Workspace> Ws() { return ff::Workspace::Default(); }

ff::Secret SecretArg(const py::object& value) {
  if (value.is_none()) return ff::Secret();
  return ff::Secret(value.cast<std::string_view>());
}

std::string StrArg(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return {};
  return d[key].cast<std::string>();
}

py::dict ToDict(const ff::DatabaseConnectionInfo& i) {
  py::dict d;
  d["id"] = i.id;
  d["connection_name"] = i.connection_name;
  d["database_type"] = i.database_type;
  d["host"] = i.host;
  d["port"] = i.port ? py::object(py::int_(*i.port)) : py::object(py::none());
  d["database"] = i.database;
  d["username"] = i.username;
  d["has_password"] = i.has_password;
  d["password_ref"] = i.password_ref;
  d["ssl_enabled"] = i.ssl_enabled;
  d["url"] = i.url;
  d["created_at"] = i.created_at;
  d["updated_at"] = i.updated_at;
  return d;
}

py::dict ToDict(const ff::CloudStorageConnectionInfo& i) {
  py::dict d;
  d["id"] = i.id;
  d["connection_name"] = i.connection_name;
  d["storage_type"] = i.storage_type;
  d["auth_method"] = i.auth_method;
  d["endpoint_url"] = i.endpoint_url;
  d["verify_ssl"] = i.verify_ssl;
  d["scopes"] = i.scopes;
  d["aws_region"] = i.aws_region;
  d["aws_access_key_id"] = i.aws_access_key_id;
  d["aws_role_arn"] = i.aws_role_arn;
  d["aws_allow_unsafe_html"] = i.aws_allow_unsafe_html;
  d["azure_account_name"] = i.azure_account_name;
  d["azure_tenant_id"] = i.azure_tenant_id;
  d["azure_client_id"] = i.azure_client_id;
  d["gcs_project_id"] = i.gcs_project_id;
  d["secret_fields_set"] = i.secret_fields_set;
  d["created_at"] = i.created_at;
  d["updated_at"] = i.updated_at;
  return d;
}

ff::DatabaseConnection DatabaseArg(const py::dict& d, const py::object& password) {
  ff::DatabaseConnection c;
  c.connection_name = StrArg(d, "connection_name");
  if (auto t = StrArg(d, "database_type"); !t.empty()) c.database_type = t;
  c.host = StrArg(d, "host");
  if (d.contains("port") && !d["port"].is_none()) c.port = d["port"].cast<int>();
  c.database = StrArg(d, "database");
  c.username = StrArg(d, "username");
  c.ssl_enabled = d.contains("ssl_enabled") && d["ssl_enabled"].cast<bool>();
  c.url = StrArg(d, "url");
  c.password = SecretArg(password);
  return c;
}

// `fields` holds the plain fields, `secrets` the secret ones (field name -> str).
ff::CloudStorageConnection CloudArg(const py::dict& fields, const py::dict& secrets) {
  ff::CloudStorageConnection c;
  c.connection_name = StrArg(fields, "connection_name");
  if (auto v = StrArg(fields, "storage_type"); !v.empty()) c.storage_type = v;
  if (auto v = StrArg(fields, "auth_method"); !v.empty()) c.auth_method = v;
  c.endpoint_url = StrArg(fields, "endpoint_url");
  if (fields.contains("verify_ssl") && !fields["verify_ssl"].is_none())
    c.verify_ssl = fields["verify_ssl"].cast<bool>();
  if (fields.contains("scopes") && !fields["scopes"].is_none())
    c.scopes = fields["scopes"].cast<std::vector<std::string>>();
  c.aws_region = StrArg(fields, "aws_region");
  c.aws_access_key_id = StrArg(fields, "aws_access_key_id");
  c.aws_role_arn = StrArg(fields, "aws_role_arn");
  c.aws_allow_unsafe_html =
      fields.contains("aws_allow_unsafe_html") && fields["aws_allow_unsafe_html"].cast<bool>();
  c.azure_account_name = StrArg(fields, "azure_account_name");
  c.azure_tenant_id = StrArg(fields, "azure_tenant_id");
  c.azure_client_id = StrArg(fields, "azure_client_id");
  c.gcs_project_id = StrArg(fields, "gcs_project_id");
  auto secret = [&](const char* key) {
    return secrets.contains(key) ? SecretArg(secrets[key]) : ff::Secret();
  };
  c.aws_secret_access_key = secret("aws_secret_access_key");
  c.aws_session_token = secret("aws_session_token");
  c.azure_account_key = secret("azure_account_key");
  c.azure_client_secret = secret("azure_client_secret");
  c.azure_sas_token = secret("azure_sas_token");
  c.gcs_service_account_key = secret("gcs_service_account_key");
  return c;
}

}  // namespace

void RegisterConnections(py::module_& m) {
  ff::Workspace::SetDefaultFrontEnd("python");

  m.def("config_dir", [] { return Ws()->config_dir().string(); });

  // --- database connections
  m.def("create_database_connection", [](const py::dict& fields, const py::object& password,
                                         bool if_not_exists) {
    auto c = DatabaseArg(fields, password);
    auto& conns = Ws()->connections();
    return ToDict(if_not_exists ? conns.CreateDatabaseIfNotExists(c) : conns.CreateDatabase(c));
  });
  m.def("update_database_connection", [](const std::string& name, const py::dict& fields,
                                         const py::object& password, bool set_password) {
    ff::DatabaseConnectionUpdate u;
    auto opt = [&](const char* key) -> std::optional<std::string> {
      if (!fields.contains(key) || fields[key].is_none()) return std::nullopt;
      return fields[key].cast<std::string>();
    };
    u.database_type = opt("database_type");
    u.host = opt("host");
    u.database = opt("database");
    u.username = opt("username");
    u.url = opt("url");
    if (fields.contains("port") && !fields["port"].is_none()) u.port = fields["port"].cast<int>();
    if (fields.contains("ssl_enabled") && !fields["ssl_enabled"].is_none())
      u.ssl_enabled = fields["ssl_enabled"].cast<bool>();
    if (set_password) u.password = SecretArg(password);
    return ToDict(Ws()->connections().UpdateDatabase(name, u));
  });
  m.def("get_database_connection",
        [](const std::string& name) { return ToDict(Ws()->connections().GetDatabase(name)); });
  m.def("find_database_connection", [](const std::string& name) -> py::object {
    auto info = Ws()->connections().FindDatabase(name);
    return info ? py::object(ToDict(*info)) : py::object(py::none());
  });
  m.def("list_database_connections", [] {
    py::list out;
    for (const auto& i : Ws()->connections().ListDatabases()) out.append(ToDict(i));
    return out;
  });
  m.def("delete_database_connection",
        [](const std::string& name) { return Ws()->connections().DeleteDatabase(name); });

  // --- cloud storage connections
  m.def("create_cloud_connection",
        [](const py::dict& fields, const py::dict& secrets, bool if_not_exists) {
          auto c = CloudArg(fields, secrets);
          auto& conns = Ws()->connections();
          return ToDict(if_not_exists ? conns.CreateCloudIfNotExists(c) : conns.CreateCloud(c));
        });
  m.def("update_cloud_connection", [](const py::dict& fields, const py::dict& secrets) {
    return ToDict(Ws()->connections().UpdateCloud(CloudArg(fields, secrets)));
  });
  m.def("get_cloud_connection",
        [](const std::string& name) { return ToDict(Ws()->connections().GetCloud(name)); });
  m.def("find_cloud_connection", [](const std::string& name) -> py::object {
    auto info = Ws()->connections().FindCloud(name);
    return info ? py::object(ToDict(*info)) : py::object(py::none());
  });
  m.def("list_cloud_connections", [] {
    py::list out;
    for (const auto& i : Ws()->connections().ListClouds()) out.append(ToDict(i));
    return out;
  });
  m.def("delete_cloud_connection",
        [](const std::string& name) { return Ws()->connections().DeleteCloud(name); });
  m.def("cloud_secret_field_names", [] { return ff::CloudSecretFieldNames(); });

  // --- secrets
  m.def("secret_set", [](const std::string& name, const py::object& value) {
    return Ws()->secrets().Set(name, SecretArg(value));
  });
  // The one place a value crosses into Python: wrapped at once in flowfile.SecretStr.
  m.def("secret_get", [](const std::string& name) {
    ff::Secret s = Ws()->secrets().Get(name);
    return py::str(s.Reveal().data(), s.Reveal().size());
  });
  m.def("secret_list", [] {
    py::list out;
    for (const auto& i : Ws()->secrets().List()) {
      py::dict d;
      d["name"] = i.name;
      d["created_at"] = i.created_at;
      d["updated_at"] = i.updated_at;
      out.append(d);
    }
    return out;
  });
  m.def("secret_delete", [](const std::string& name) { return Ws()->secrets().Delete(name); });

  // --- audit and keys
  m.def(
      "audit_events",
      [](size_t limit, const std::string& name) {
        py::list out;
        for (const auto& e : Ws()->audit().List(limit, name)) {
          py::dict d;
          d["id"] = e.id;
          d["timestamp"] = e.time;
          d["time"] = e.time;  // the earlier name of "timestamp"
          d["actor"] = e.actor;
          d["action"] = e.action;
          d["object_kind"] = e.object_kind;
          d["object_name"] = e.object_name;
          d["outcome"] = e.outcome;
          out.append(d);
        }
        return out;
      },
      py::arg("limit") = 100, py::arg("name") = "");
  m.def("key_info", [] {
    auto info = Ws()->keys().Info();
    py::dict d;
    d["source"] = info.source;
    d["location"] = info.location;
    d["fingerprint"] = info.fingerprint;
    d["secrets_encrypted"] = info.secrets_encrypted;
    return d;
  });
  m.def(
      "key_rotate",
      [](bool skip_unreadable) {
        auto r = Ws()->keys().Rotate({.skip_unreadable = skip_unreadable});
        py::dict d;
        d["old_fingerprint"] = r.old_fingerprint;
        d["new_fingerprint"] = r.new_fingerprint;
        d["reencrypted"] = r.reencrypted;
        d["skipped"] = r.skipped;
        // Crosses into Python only to be wrapped in flowfile.SecretStr at once (admin.py).
        if (r.key_to_install)
          d["new_key"] = py::str(r.key_to_install->Reveal().data(), r.key_to_install->size());
        return d;
      },
      py::arg("skip_unreadable") = false);
  m.def("key_status", [] {
    auto st = Ws()->keys().Status();
    py::dict d;
    d["source"] = st.active.source;
    d["location"] = st.active.location;
    d["fingerprint"] = st.active.fingerprint;
    d["current_fingerprint"] = st.current_fingerprint;
    d["staged_fingerprint"] = st.staged_fingerprint;
    py::list keys;
    for (const auto& k : st.keys_in_use) {
      py::dict kd;
      kd["fingerprint"] = k.fingerprint;
      kd["values"] = k.values;
      kd["available"] = k.available;
      kd["current"] = k.fingerprint == st.current_fingerprint;
      keys.append(kd);
    }
    d["keys_in_use"] = keys;
    if (st.rotation) {
      py::dict r;
      r["from"] = st.rotation->from;
      r["to"] = st.rotation->to;
      r["phase"] = st.rotation->phase;
      r["started_at"] = st.rotation->started_at;
      r["actor"] = st.rotation->actor;
      r["running"] = st.rotation->running;
      d["rotation"] = r;
    } else {
      d["rotation"] = py::none();
    }
    return d;
  });
  m.def(
      "key_init",
      [](bool force) {
        auto r = Ws()->keys().Init(force);
        py::dict d;
        d["fingerprint"] = r.fingerprint;
        d["replaced_fingerprint"] = r.replaced_fingerprint;
        d["unreadable"] = r.unreadable;
        d["unreadable_values"] = r.unreadable_names;
        return d;
      },
      py::arg("force") = false);
}

}  // namespace flowfile_py
