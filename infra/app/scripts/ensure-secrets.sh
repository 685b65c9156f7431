#!/bin/bash
# Roster's Key Vault secrets, created once and never rotated by a deployment
# (infra/app/secrets.bicep runs this on every deployment; test/unit/infra/ensure-secrets.test.ts
# runs it against a fake `az`).
#
# For each secret:
#   - it exists                 -> left alone (redeploying never changes a key);
#   - it is soft-deleted        -> recovered with its old value (issued directory keys stay valid);
#   - it has never existed      -> generated here and stored; nothing else ever generates it.
# Secret values never reach stdout, stderr, the command line of `az`, or the script's outputs.
# Rotating on purpose is a manual step (README, "Rotating keys").
set -euo pipefail
set +x

: "${VAULT_NAME:?VAULT_NAME is required}"
SIGNING_KEYS_SECRET_NAME="${SIGNING_KEYS_SECRET_NAME:-roster-signing-keys}"
ADMIN_KEY_SECRET_NAME="${ADMIN_KEY_SECRET_NAME:-roster-admin-key}"
# Role assignments made in the same deployment can take minutes to apply.
RBAC_ATTEMPTS="${RBAC_ATTEMPTS:-20}"
RBAC_DELAY_SECONDS="${RBAC_DELAY_SECONDS:-15}"

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"

# n random bytes as unpadded base64url (what Roster's signing keys and admin key are made of).
random_base64url() {
  head -c "$1" /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# The signing key set in the shape ROSTER_SIGNING_KEYS takes: one HS256 key of 32 random bytes.
new_signing_keys() {
  printf '{"keys":[{"kid":"k%s","secret":"%s"}]}' "$(date -u +%Y%m%d)" "$(random_base64url 32)"
}

# The management API's admin key: 32 random bytes, 43 characters.
new_admin_key() {
  random_base64url 32
}

for attempt in $(seq 1 "$RBAC_ATTEMPTS"); do
  if az keyvault secret list --vault-name "$VAULT_NAME" --query '[].name' --output tsv >/dev/null 2>&1; then
    break
  fi
  if [ "$attempt" -eq "$RBAC_ATTEMPTS" ]; then
    echo "cannot list the secrets of $VAULT_NAME after $RBAC_ATTEMPTS attempts (does the script's identity have Key Vault Secrets Officer?)" >&2
    exit 1
  fi
  echo "waiting for access to $VAULT_NAME (attempt $attempt of $RBAC_ATTEMPTS)"
  sleep "$RBAC_DELAY_SECONDS"
done

# exists | missing; anything else (throttling, a network error) stops the script, because
# guessing "missing" would replace a key.
secret_state() {
  local out
  if out="$(az keyvault secret show --vault-name "$VAULT_NAME" --name "$1" --query id --output tsv 2>&1)"; then
    echo exists
  elif grep -q 'SecretNotFound' <<<"$out"; then
    echo missing
  else
    echo "cannot tell whether $1 exists in $VAULT_NAME" >&2
    return 1
  fi
}

# ensure_secret <name> <content type> <generator>
ensure_secret() {
  local name="$1" content_type="$2" generate="$3" state
  state="$(secret_state "$name")"
  if [ "$state" = exists ]; then
    echo "$name: exists, kept"
    return
  fi
  if az keyvault secret recover --vault-name "$VAULT_NAME" --name "$name" --output none >/dev/null 2>&1; then
    echo "$name: was soft-deleted, recovered"
    return
  fi
  local file="$workdir/$name"
  (umask 077 && "$generate" >"$file")
  if [ "$(wc -c <"$file")" -lt 43 ]; then
    echo "$name: could not generate a value" >&2
    exit 1
  fi
  # A secret in a deleted-but-recoverable state that could not be recovered makes this fail
  # with a conflict: the deployment stops instead of replacing it.
  az keyvault secret set --vault-name "$VAULT_NAME" --name "$name" --file "$file" --encoding utf-8 \
    --content-type "$content_type" --output none >/dev/null
  rm -f "$file"
  echo "$name: created"
}

ensure_secret "$SIGNING_KEYS_SECRET_NAME" application/json new_signing_keys
ensure_secret "$ADMIN_KEY_SECRET_NAME" text/plain new_admin_key
