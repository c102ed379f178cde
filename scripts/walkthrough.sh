#!/usr/bin/env bash
# The wallet walkthrough: what a miner or validator operator does first, in a scratch folder
# so it never touches ~/.bittensor. Usage: scripts/walkthrough.sh path/to/nicompute
set -euo pipefail

NICOMPUTE=${1:?usage: scripts/walkthrough.sh path/to/nicompute}
WALLETS=$(mktemp -d)
trap 'rm -rf "$WALLETS"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step "$NICOMPUTE" --help
step "$NICOMPUTE" wallet --help

# A demo password through bittensor-wallet's environment rule, so the walkthrough runs unattended;
# interactively, `nicompute wallet create` asks for it at the terminal instead.
COLDKEY="$WALLETS/demo/coldkey"
VAR=$(echo "BT_PW_${COLDKEY}" | tr '/.' '__' | tr '[:lower:]' '[:upper:]')
export "$VAR"="$(python3 -c 'import base64,sys; n=sys.argv[1].encode(); p=b"demo-password"; print(base64.b64encode(bytes(b ^ n[i % len(n)] for i, b in enumerate(p))).decode())' "$VAR")"

step "$NICOMPUTE" wallet create --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey miner
step "$NICOMPUTE" wallet new-hotkey --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey validator
step "$NICOMPUTE" wallet regen-hotkey --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey dev \
  --mnemonic "bottom drive obey lake curtain smoke basket hold race lonely fit walk"
step "$NICOMPUTE" wallet list --wallet.path "$WALLETS"
step "$NICOMPUTE" wallet show --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey miner
SIGNATURE=$("$NICOMPUTE" wallet sign --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey miner --message "hello subnet 27")
printf '\n$ nicompute wallet sign … --message "hello subnet 27"\n%s\n' "$SIGNATURE"
ADDRESS=$("$NICOMPUTE" wallet show --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey miner | awk '/^hotkey/ {print $3}')
step "$NICOMPUTE" wallet verify --message "hello subnet 27" --signature "$SIGNATURE" --ss58 "$ADDRESS"

# The embedded local chain, in the scratch folder too.
CHAIN="$WALLETS/chain.sqlite"
step "$NICOMPUTE" subnet register --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey validator --local.path "$CHAIN"
step "$NICOMPUTE" subnet register --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey miner --local.path "$CHAIN"
step "$NICOMPUTE" subnet stake-add --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey validator --amount 1000 --local.path "$CHAIN"
step "$NICOMPUTE" subnet serve-axon --wallet.path "$WALLETS" --wallet.name demo --wallet.hotkey miner --port 8091 --local.path "$CHAIN"
step "$NICOMPUTE" subnet metagraph --local.path "$CHAIN"
printf '\nDone: the scratch folder %s (wallets and chain) is removed on exit.\n' "$WALLETS"
