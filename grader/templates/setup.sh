#!/usr/bin/env bash
# Gradescope runs this once, while it builds the autograder's image: install the chat lab kit.
#
# The zip holds the kit's source (chatkit/, grader/, pyproject.toml); Gradescope unpacks it
# into $AUTOGRADER_ROOT/source. AUTOGRADER_ROOT is /autograder on Gradescope; the kit's tests
# point it at a temporary folder to rehearse the whole thing.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"

if ! command -v python3 >/dev/null 2>&1 || ! command -v pip3 >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3 python3-pip
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "The chat lab kit needs Python 3.10 or newer; pick a newer Ubuntu base image in Gradescope's settings." >&2
    exit 1
fi

# Ubuntu 23.04 and later mark the system Python as externally managed (PEP 668); this image
# exists only to grade, so installing into it is what we want.
pip3 install --no-cache-dir . || pip3 install --no-cache-dir --break-system-packages .

# Fail the build now, not at the first student's submission.
python3 -m grader --help >/dev/null
