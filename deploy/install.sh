#!/usr/bin/env bash
# The image's install steps (deploy/Dockerfile runs this script), also runnable as a plain script on any
# machine with Node 20 and npm: build gradlab, register its kernel, release the tutorials, and install the
# command that copies them into a student's home when their server starts.
#   GRADLAB_DIR      the gradlab checkout to install from (default: this script's repository)
#   KERNEL_PREFIX    where the kernelspec goes: PREFIX/share/jupyter/kernels/gradlab (default: /usr/local)
#   TUTORIALS_DIR    where the released tutorials go (default: /opt/gradlab-tutorials)
#   BIN_DIR          where gradlab-copy-tutorials goes (default: /usr/local/bin)
#   SKIP_NPM=1       use the checkout as it is built already (CI runs the script so)
set -euo pipefail
GRADLAB_DIR=${GRADLAB_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
KERNEL_PREFIX=${KERNEL_PREFIX:-/usr/local}
TUTORIALS_DIR=${TUTORIALS_DIR:-/opt/gradlab-tutorials}
BIN_DIR=${BIN_DIR:-/usr/local/bin}
cd "$GRADLAB_DIR"

if [ "${SKIP_NPM:-0}" != 1 ]; then
  npm ci --no-audit --no-fund
  npm prune --omit=dev --no-audit --no-fund
fi
node dist/cli/main.js install --prefix "$KERNEL_PREFIX"
mkdir -p "$TUTORIALS_DIR"
node dist/cli/main.js release notebooks/*.ipynb --out "$TUTORIALS_DIR"

mkdir -p "$BIN_DIR"
cat > "$BIN_DIR/gradlab-copy-tutorials" <<SCRIPT
#!/bin/sh
# Copies the released tutorials into ~/gradlab-notebooks: all the first time, later only new ones, so a
# student's edits stay. Run by the hub when a student's server starts (postStart in z2jh-values.yaml).
set -e
mkdir -p "\$HOME/gradlab-notebooks"
for f in "$TUTORIALS_DIR"/*.ipynb; do
  [ -e "\$HOME/gradlab-notebooks/\$(basename "\$f")" ] || cp "\$f" "\$HOME/gradlab-notebooks/"
done
SCRIPT
chmod 0755 "$BIN_DIR/gradlab-copy-tutorials"
echo "gradlab: kernel in $KERNEL_PREFIX/share/jupyter/kernels/gradlab, tutorials in $TUTORIALS_DIR"
