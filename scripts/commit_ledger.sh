#!/usr/bin/env bash
# Commits ledger.yml back to the branch after `syndicate post`, so the next run knows what
# went out. Pushed with the workflow's own token, which by GitHub's rule starts no new
# workflow run; "[skip ci]" says the same to any other CI. Retries once over a concurrent push.
# LEDGER_FROM: where the posting job left its ledger (publish.yml's ledger job); only that one
# file is taken from it. Git hooks are off: nothing in the checkout runs with the write token.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LEDGER="${LEDGER:-ledger.yml}"
BRANCH="${GITHUB_REF_NAME:-$(git rev-parse --abbrev-ref HEAD)}"
NO_HOOKS=(-c core.hooksPath=/dev/null)

if [ -n "${LEDGER_FROM:-}" ] && [ -f "$LEDGER_FROM" ] && [ ! -L "$LEDGER_FROM" ]; then
  cp -- "$LEDGER_FROM" "$LEDGER"
fi

if [ ! -f "$LEDGER" ]; then
  echo "commit_ledger: no $LEDGER yet (nothing was posted)"; exit 0
fi
git add "$LEDGER"
if git diff --cached --quiet -- "$LEDGER"; then
  echo "commit_ledger: $LEDGER unchanged"; exit 0
fi
git "${NO_HOOKS[@]}" -c user.name="syndicate" -c user.email="syndicate@users.noreply.github.com" \
  commit -q -m "Record syndicated posts [skip ci]" -- "$LEDGER"
for attempt in 1 2; do
  if git "${NO_HOOKS[@]}" push -q origin "HEAD:$BRANCH"; then
    echo "commit_ledger: pushed $LEDGER to $BRANCH"; exit 0
  fi
  echo "commit_ledger: push rejected (attempt $attempt); rebasing onto $BRANCH"
  git "${NO_HOOKS[@]}" pull -q --rebase origin "$BRANCH"
done
echo "commit_ledger: could not push $LEDGER; the next run reconciles with the platforms" >&2
exit 1
