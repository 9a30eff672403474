#!/bin/sh
# instr.sh TINYLLM [BUDGET]: instructions per generated token on the
# shipped model, counted by valgrind's callgrind for the portable and SSE2
# kernel paths (unlike timings, counts do not move with the host's load),
# compared with the checked-in budget (tests/instr-budget, "PATH COUNT"
# lines).  A path over its budget by more than 2% fails: speed must not
# regress on the oldest PCs unnoticed.  After a deliberate change, write
# the new figures into the budget with INSTR_UPDATE=1.
# Per token = (Ir of decoding 40 tokens - Ir of decoding 8) / 32, so
# loading, checking the file and the prompt cancel out.
set -u
tinyllm=${1:?usage: instr.sh TINYLLM [BUDGET]}
budget=${2:-$(dirname "$0")/instr-budget}
model=${TINYLLM_MODEL:-$(dirname "$0")/../model/tinyllm.tlm}
command -v valgrind >/dev/null 2>&1 || { echo "instr: valgrind is not installed" >&2; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

ir() {   # kernel, tokens: total instructions of one bench run
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$tinyllm" bench --model "$model" \
		--kernel "$1" --tokens "$2" >/dev/null 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/cg"
}

fails=0
: >"$tmp/new"
for k in portable sse2; do
	if ! TINYLLM_KERNEL=$k "$tinyllm" bench --model "$model" --kernel "$k" --tokens 1 >/dev/null 2>&1; then
		echo "instr: $k: not available here"; continue
	fi
	a=$(ir "$k" 8) b=$(ir "$k" 40)
	per=$(( (b - a) / 32 ))
	echo "$k $per" >>"$tmp/new"
	want=$(sed -n "s/^$k \([0-9]*\)$/\1/p" "$budget" 2>/dev/null)
	if [ -z "$want" ]; then
		echo "instr: $k: $per instructions per token (no budget yet)"
	elif [ "$per" -gt $(( want + want / 50 )) ]; then
		echo "instr: $k: $per instructions per token, over the budget of $want by more than 2%: FAIL"
		fails=$((fails + 1))
	else
		echo "instr: $k: $per instructions per token (budget $want)"
	fi
done
if [ "${INSTR_UPDATE:-}" = 1 ]; then
	{ echo "# instructions per generated token on the shipped model (tests/instr.sh)"; cat "$tmp/new"; } >"$budget"
	echo "instr: wrote $budget"
fi
[ "$fails" -eq 0 ]
