# Shared by scripts/setup, scripts/run and scripts/test. Sourced, never run.
# Expects $root to be the repository root.

deps_dir="$root/.deps"
build_dir="$root/build/release"
asan_dir="$root/build/asan"
prefix="${FLOWFILE_PREFIX:-/usr/local}"

log() { printf '[flowfile] %s\n' "$*" >&2; }

# Debian packages the build, the tests and the benchmarks need. One list, one place.
debian_packages=(
  build-essential cmake ninja-build pkg-config clang-format clang libclang-rt-14-dev
  libssl-dev zlib1g-dev libsqlite3-dev libsecret-1-dev libcurl4-openssl-dev libpq-dev libmariadb-dev
  libzip-dev libpugixml-dev libxlsxwriter-dev libavro-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libcpp-httplib-dev
  pybind11-dev python3-dev libgtest-dev libgmock-dev libbenchmark-dev
  python3-pytest python3-pydantic python3-cryptography python3-numpy python3-pandas
  python3-psycopg2
  sqlite3 gnome-keyring libsecret-tools dbus postgresql-15 mariadb-server
  chromium fonts-dejavu-core  # the web app's browser tests (headless, driven by playwright-core)
)

install_debian_packages() {
  if [[ "${FLOWFILE_SKIP_APT:-}" == 1 ]]; then return; fi
  local missing=()
  # Node.js with npm may come from another packager (e.g. nodesource's nodejs, which
  # conflicts with Debian's npm): only ask Debian for it when there is no npm at all.
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then return; fi
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Fetch the pinned DuckDB files from the npm registry and check them against
# third_party/duckdb.lock. Nothing is trusted until its sha256 matches.
fetch_duckdb() {
  local dest="$deps_dir/duckdb"
  mkdir -p "$dest"
  local ok=1
  while read -r spec inner sum; do
    [[ -z "$spec" || "$spec" == \#* ]] && continue
    local file="$dest/$(basename "$inner")"
    if [[ -f "$file" ]] && echo "$sum  $file" | sha256sum -c --status; then continue; fi
    ok=0
    log "fetching $spec ($inner)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1) || { log "npm pack $spec failed"; exit 1; }
    tar -xzf "$tmp"/*.tgz -C "$tmp" "$inner"
    if ! echo "$sum  $tmp/$inner" | sha256sum -c --status; then
      log "checksum mismatch for $inner of $spec: expected $sum, got $(sha256sum "$tmp/$inner" | cut -d' ' -f1)"
      rm -rf "$tmp"
      exit 1
    fi
    install -m 0644 "$tmp/$inner" "$file"
    rm -rf "$tmp"
  done <"$root/third_party/duckdb.lock"
  ((ok)) || log "DuckDB ready in $dest"
}

# FLOWFILE_DEBUG_INFO=0 builds without debug information (CI: a third less compile time);
# the ASan build keeps line tables, which is all its reports need.
debug_info_args() {
  if [[ "${FLOWFILE_DEBUG_INFO:-1}" == 0 ]]; then
    printf '%s\n' "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g0 -DNDEBUG" \
      "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g0 -DNDEBUG" "-DCMAKE_CXX_FLAGS_DEBUG=-g1" \
      "-DCMAKE_C_FLAGS_DEBUG=-g1"
  fi
}

cmake_configure() { # dir, extra args...
  local dir="$1"; shift
  local debug_info=()
  mapfile -t debug_info < <(debug_info_args)
  if [[ ! -f "$dir/build.ninja" ]]; then
    cmake -S "$root" -B "$dir" -G Ninja -DDUCKDB_DIR="$deps_dir/duckdb" "${debug_info[@]}" "$@" >/dev/null
  fi
}

# A unity build by default: a fresh build compiles fewer, larger files and takes less time
# (the ASan tree: a third less). Set FLOWFILE_UNITY=OFF for a tree you edit and rebuild often
# (a change then recompiles one file, not its batch).
build_and_install() {
  cmake_configure "$build_dir" -DCMAKE_BUILD_TYPE="${FLOWFILE_BUILD_TYPE:-RelWithDebInfo}" \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DFLOWFILE_UNITY="${FLOWFILE_UNITY:-ON}"
  cmake --build "$build_dir"
  cmake --install "$build_dir" >/dev/null
}

# The web app (web/): `npm ci` when the lockfile changed, `npm run build` (vue-tsc + Vite) when
# any source changed, then dist/ is installed as <prefix>/share/flowfile/web, where
# `flowfile ui` looks. Content hashes in build/ decide, so a second run does nothing.
web_dist="$root/web/dist"
web_install_dir="$prefix/share/flowfile/web"

web_sources_sum() {
  (cd "$root/web" && find . -type f ! -path './node_modules/*' ! -path './dist/*' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

build_web() {
  local web="$root/web" stamps="$root/build/web-stamps" lock_sum src_sum
  mkdir -p "$stamps"
  lock_sum="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -d "$web/node_modules" || "$(cat "$stamps/npm-ci" 2>/dev/null)" != "$lock_sum" ]]; then
    log "installing the web app's npm packages (npm ci)"
    npm ci --prefix "$web" --no-audit --no-fund --loglevel=error >/dev/null || { log "npm ci in web/ failed"; exit 1; }
    echo "$lock_sum" >"$stamps/npm-ci"
  fi
  src_sum="$(web_sources_sum)"
  if [[ ! -f "$web_dist/index.html" || "$(cat "$stamps/build" 2>/dev/null)" != "$src_sum" ]]; then
    log "building the web app (vue-tsc, Vite)"
    npm run build --prefix "$web" --silent >"$stamps/build.log" 2>&1 ||
      { cat "$stamps/build.log" >&2; log "the web app's build failed"; exit 1; }
    echo "$src_sum" >"$stamps/build"
  fi
  if ! diff -rq "$web_dist" "$web_install_dir" >/dev/null 2>&1; then
    rm -rf "$web_install_dir"
    mkdir -p "$web_install_dir"
    cp -R "$web_dist/." "$web_install_dir/"
    log "web app installed in $web_install_dir"
  fi
}
