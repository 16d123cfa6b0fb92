#!/bin/sh
# Tests run the real promtool, amtool, prometheus and alertmanager. Install Debian's packages
# when any is missing (as root, or through sudo); otherwise say how.
set -eu
missing=""
for tool in promtool amtool prometheus prometheus-alertmanager; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "missing:$missing — installing Debian packages prometheus and prometheus-alertmanager" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "run as root: apt-get update && apt-get install -y prometheus prometheus-alertmanager" >&2
    exit 1
  fi
  $sudo apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y prometheus prometheus-alertmanager >&2
  # The packages start system services; tests start their own on free ports.
  $sudo pkill -x prometheus 2>/dev/null || true
  $sudo pkill -x prometheus-alertmanager 2>/dev/null || true
fi

# Prometheus 3 (prometheus and promtool 3.5.x) for the UTF-8 translation strategies, whose quoted
# names Prometheus 2 cannot parse: Debian sid's packages, unpacked into .tools/prometheus3/ beside
# the 2.x packages (never installed over them). apt runs on a private state folder, so the
# system's sources and package lists are left as they are.
root=$(cd "$(dirname "$0")/.." && pwd)
p3="$root/.tools/prometheus3"
if [ -x "$p3/prometheus" ] && [ -x "$p3/promtool" ] && "$p3/promtool" --version 2>/dev/null | grep -q 'version 3\.'; then
  exit 0
fi
echo "Prometheus 3 not in $p3 — downloading Debian sid's prometheus and promtool packages" >&2
apt="$root/.tools/apt"
rm -rf "$apt"
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/parts" "$apt/prefs" "$apt/debs"
cat >"$apt/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
SRC
set -- -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts" \
  -o "Dir::Etc::Preferences=$apt/prefs/none" -o "Dir::Etc::PreferencesParts=$apt/prefs" \
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives" \
  -o "Dir::State::Status=/dev/null" -o "APT::Sandbox::User=$(id -un)" -o "Debug::NoLocking=1"
if ! apt-get "$@" -qq update >&2; then
  echo "could not read Debian sid's package lists; get Prometheus 3 yourself and set PROMETHEUS3 and PROMTOOL3 to its prometheus and promtool" >&2
  exit 1
fi
(cd "$apt/debs" && apt-get "$@" -qq download prometheus/sid promtool/sid >&2)
mkdir -p "$apt/x" "$p3"
for deb in "$apt/debs"/*.deb; do dpkg-deb -x "$deb" "$apt/x"; done
cp "$apt/x/usr/bin/prometheus" "$apt/x/usr/bin/promtool" "$p3/"
rm -rf "$apt"
"$p3/promtool" --version | head -1 >&2
