#!/usr/bin/env bash
# Build the dev-kafka binary: Debian's librdkafka source + our patch + src/dev-kafka.c.
#
# Idempotent: the result is cached under
#   ${XDG_CACHE_HOME:-$HOME/.cache}/lawfirm/dev-kafka/<hash>/dev-kafka
# where <hash> covers the patch, the C program and this script. When that file
# exists the script only prints its path. The binary path is always the last
# line written to stdout; progress goes to stderr.
#
# Env:
#   DEV_KAFKA_CACHE_DIR   override the cache root (default above)
#   DEV_KAFKA_REBUILD=1   ignore an existing cached binary
#   DEV_KAFKA_JOBS        make -j value (default: nproc)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATCH="$HERE/patches/librdkafka-2.0.2-dev-kafka.patch"
CSRC="$HERE/src/dev-kafka.c"
SRC_PKG=librdkafka
SRC_VERSION_PREFIX=2.0.2

log() { printf '[dev-kafka build] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -f "$PATCH" ] || die "missing $PATCH"
[ -f "$CSRC" ] || die "missing $CSRC"

CACHE_ROOT="${DEV_KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lawfirm/dev-kafka}"
HASH="$(cat "$PATCH" "$CSRC" "$HERE/build.sh" | sha256sum | cut -c1-16)"
OUT_DIR="$CACHE_ROOT/$HASH"
OUT_BIN="$OUT_DIR/dev-kafka"

if [ -x "$OUT_BIN" ] && [ "${DEV_KAFKA_REBUILD:-0}" != 1 ]; then
  echo "$OUT_BIN"
  exit 0
fi

# Serialise concurrent builds (e.g. two jest workers) on one lock file.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build.lock"
if command -v flock >/dev/null 2>&1; then
  if ! flock -n 9; then
    log "another build is running; waiting for it"
    flock 9
  fi
  if [ -x "$OUT_BIN" ] && [ "${DEV_KAFKA_REBUILD:-0}" != 1 ]; then
    echo "$OUT_BIN"
    exit 0
  fi
fi

START_TS=$(date +%s)

# ---------------------------------------------------------------- privileges
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n env DEBIAN_FRONTEND=noninteractive"
fi
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif [ -n "$SUDO" ]; then $SUDO "$@"; else
    die "need root (or passwordless sudo) to run: $*"; fi
}
export DEBIAN_FRONTEND=noninteractive

APT_UPDATED=0
apt_update() {
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    # A third-party repository failing must not stop us; apt still refreshes the rest.
    as_root apt-get update -qq >&2 || log "apt-get update reported errors (continuing)"
    APT_UPDATED=1
  fi
}

# ------------------------------------------------------------ deb-src setup
OS_CODENAME=""
if [ -r /etc/os-release ]; then
  OS_CODENAME="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
fi

# True when an apt source already has deb-src entries for this OS release.
have_deb_src() {
  local cn="$1" f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    grep -Eq "^[[:space:]]*deb-src[[:space:]].*[[:space:]]${cn}(-[a-z]+)?([[:space:]]|$)" "$f" && return 0
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v cn="$cn" '
      function flush(   i, n, parts) {
        if (types ~ /deb-src/ && enabled !~ /^[ \t]*no/) {
          n = split(suites, parts, /[ \t]+/)
          for (i = 1; i <= n; i++) if (parts[i] == cn || index(parts[i], cn "-") == 1) found = 1
        }
        types = ""; suites = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($0); sub(/:.*/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val
        if (key == "suites") suites = val
        if (key == "enabled") enabled = val
      }
      END { flush(); exit found ? 0 : 1 }
    ' "$f" && return 0
  done
  return 1
}

# Writes deb-src stanzas (deb822) derived from the machine's own "deb" entries
# to stdout. Only entries whose suite belongs to this OS release (codename or
# codename-*) are used, so third-party repositories without sources are skipped.
derive_deb_src() {
  local codename="$1" f
  # deb822 files
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v cn="$codename" '
      function flush(   i, n, parts, ok) {
        if (nlines == 0) return
        ok = (types ~ /(^|[ \t])deb([ \t]|$)/) && (enabled !~ /^[ \t]*no/)
        if (ok) {
          ok = 0
          n = split(suites, parts, /[ \t]+/)
          for (i = 1; i <= n; i++)
            if (parts[i] == cn || index(parts[i], cn "-") == 1) ok = 1
        }
        if (ok) {
          print "Types: deb-src"
          for (i = 1; i <= nlines; i++) print lines[i]
          print ""
        }
        nlines = 0; types = ""; suites = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($0); sub(/:.*/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") { types = val; next }
        if (key == "suites") suites = val
        if (key == "enabled") enabled = val
        lines[++nlines] = $0
      }
      END { flush() }
    ' "$f"
  done
  # one-line format
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v cn="$codename" '
      /^[ \t]*deb[ \t]/ {
        line = $0; sub(/^[ \t]*deb/, "", line)
        opts = ""
        if (match(line, /^[ \t]*\[[^]]*\]/)) { opts = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH) }
        n = split(line, w, /[ \t]+/)
        # w[1] may be empty because of leading blanks
        i = 1; if (w[i] == "") i++
        uri = w[i]; suite = w[i + 1]
        if (suite != cn && index(suite, cn "-") != 1) next
        comps = ""
        for (j = i + 2; j <= n; j++) if (w[j] != "") comps = comps (comps == "" ? "" : " ") w[j]
        signed = ""
        if (match(opts, /signed-by=[^] \t]*/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
        print "Types: deb-src"
        print "URIs: " uri
        print "Suites: " suite
        print "Components: " comps
        if (signed != "") print "Signed-By: " signed
        print ""
      }
    ' "$f"
  done
}

ensure_deb_src() {
  local cn="$OS_CODENAME"
  [ -n "$cn" ] || die "cannot determine the OS codename from /etc/os-release"
  if have_deb_src "$cn"; then
    # Sources entries exist; make sure their index has been downloaded.
    ls /var/lib/apt/lists/*_dists_"${cn}"_*Sources* >/dev/null 2>&1 || apt_update
    return 0
  fi
  local derived
  derived="$(derive_deb_src "$cn")"
  [ -n "$derived" ] || die "no apt 'deb' entries for $cn found to derive deb-src entries from"
  local target=/etc/apt/sources.list.d/lawfirm-deb-src.sources
  log "adding deb-src entries derived from this machine's apt sources: $target"
  printf '# Written by infra/dev-kafka/build.sh: deb-src twins of the deb entries for %s.\n%s\n' \
    "$cn" "$derived" | as_root tee "$target" >/dev/null
  APT_UPDATED=0
  apt_update
}

# ----------------------------------------------------------- build packages
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing: ${missing[*]}"
    apt_update
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# dpkg-dev: apt-get source / dpkg-source (pulls in patch and xz-utils);
# build-essential: gcc, make, libc headers. Every optional librdkafka
# dependency is disabled below, so no -dev library is needed.
command -v apt-get >/dev/null || die "apt-get not found (Debian/Ubuntu only)"
ensure_packages dpkg-dev build-essential

# -------------------------------------------------------------- get source
# The downloaded source package is kept in the cache, so changing the patch
# or the C program does not download it again.
SRC_CACHE="$CACHE_ROOT/src"
mkdir -p "$SRC_CACHE"
DSC="$(ls "$SRC_CACHE"/${SRC_PKG}_${SRC_VERSION_PREFIX}*.dsc 2>/dev/null | head -n1 || true)"
if [ -z "$DSC" ]; then
  ensure_deb_src
  log "downloading the $SRC_PKG source package"
  dl_tmp="$(mktemp -d "$SRC_CACHE/.dl.XXXXXX")"
  # apt downloads as its sandbox user when it can write the target folder.
  if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$dl_tmp"; fi
  if ! (cd "$dl_tmp" && apt-get source --download-only -qq "$SRC_PKG" >&2); then
    # The index may be stale: refresh once and retry.
    APT_UPDATED=0
    apt_update
    (cd "$dl_tmp" && apt-get source --download-only -qq "$SRC_PKG" >&2) ||
      { rm -rf "$dl_tmp"; die "apt-get source $SRC_PKG failed"; }
  fi
  DSC="$(ls "$dl_tmp"/${SRC_PKG}_*.dsc | head -n1)"
  case "$(basename "$DSC")" in
    ${SRC_PKG}_${SRC_VERSION_PREFIX}*) ;;
    *) rm -rf "$dl_tmp"; die "apt offers $(basename "$DSC"); the patch is written for $SRC_PKG $SRC_VERSION_PREFIX" ;;
  esac
  mv "$dl_tmp"/* "$SRC_CACHE"/
  rmdir "$dl_tmp"
  DSC="$(ls "$SRC_CACHE"/${SRC_PKG}_${SRC_VERSION_PREFIX}*.dsc | head -n1)"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dev-kafka-build.XXXXXX")"
TMP_BIN=""
cleanup() { rm -rf "$WORK"; [ -z "$TMP_BIN" ] || rm -f "$TMP_BIN"; }
trap cleanup EXIT

# Runs a build step with its output in a log file; shows the tail on failure.
step() {
  local name="$1"; shift
  if ! "$@" >"$WORK/$name.log" 2>&1; then
    tail -n 40 "$WORK/$name.log" >&2
    die "$name failed"
  fi
}

log "unpacking $(basename "$DSC")"
# dpkg-source checks the files against the .dsc checksums; it only warns that
# the uploader's signature cannot be verified (apt already verified the .dsc
# through the signed Sources index when it was downloaded).
step unpack dpkg-source -x "$DSC" "$WORK/src"
cd "$WORK/src"

log "applying $(basename "$PATCH")"
step patch patch -p1 --forward --batch -i "$PATCH"

log "configuring (static lib, no ssl/sasl/zstd/zlib/curl/external lz4)"
step configure ./configure --enable-static --no-download --no-cache \
  --disable-ssl --disable-gssapi --disable-zstd --disable-zlib \
  --disable-curl --disable-lz4-ext

JOBS="${DEV_KAFKA_JOBS:-$(nproc 2>/dev/null || echo 2)}"
log "compiling librdkafka.a (make -j$JOBS)"
step make make -C src -j"$JOBS" librdkafka.a

log "linking dev-kafka"
mkdir -p "$OUT_DIR"
TMP_BIN="$OUT_DIR/.dev-kafka.tmp.$$"
step link cc -O2 -Wall -Isrc -o "$TMP_BIN" "$CSRC" src/librdkafka.a \
  -lm -ldl -lpthread -lrt -s
"$TMP_BIN" --help >/dev/null || die "built binary does not run"
mv -f "$TMP_BIN" "$OUT_BIN" # atomic rename within one directory

log "built $OUT_BIN in $(( $(date +%s) - START_TS ))s"
echo "$OUT_BIN"
