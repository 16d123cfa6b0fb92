#!/bin/sh
# Tests run the real promtool, amtool, prometheus and alertmanager. Install Debian's packages
# when any is missing (as root, or through sudo); otherwise say how.
set -eu
missing=""
for tool in promtool amtool prometheus prometheus-alertmanager; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] && exit 0
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
