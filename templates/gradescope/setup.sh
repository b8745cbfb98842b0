#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu).
# Installs Node 20, Python 3 with numpy and bubblewrap, then wlgrade's runtime dependencies.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg python3 python3-numpy bubblewrap

# PyTorch or TensorFlow, for learners who write their loss with them: not installed by default
# (each adds minutes and about 1 GB to the image). Without them such a submission is told the
# framework is not installed. Uncomment what your course allows (CPU builds):
# apt-get install -y --no-install-recommends python3-pip
# python3 -m pip install torch --index-url https://download.pytorch.org/whl/cpu
# python3 -m pip install tensorflow-cpu

# Node 20 from NodeSource (Ubuntu's own nodejs package is older than wlgrade needs).
# package.json's engines ask for >= 20.5: an older 20.x (or 18) is replaced.
if ! command -v node >/dev/null || ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 10) ? 0 : 1)'; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi

# The zip ships built JavaScript (dist/): only runtime dependencies are installed, exactly as locked.
cd /autograder/source/wlgrade
npm ci --omit=dev --no-audit --no-fund
node dist/grader/src/cli.js --version
