#!/bin/sh
# bench.sh TINYLLM [RUNS]: the engine's figures on the reference shape (dim
# 320, 8 layers, 8 heads, FFN 864, vocab 4096, context 512, random int8
# weights), as medians over RUNS fresh processes (default 9): single runs
# swing with address-space layout and the other core's load.
set -u
tinyllm=${1:?usage: bench.sh TINYLLM [RUNS]}
runs=${2:-9}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
model=$tmp/reference.tlm
"$tinyllm" bench --random dim=320,layers=8,heads=8,ffn=864,vocab=4096,ctx=512 \
	--tokens 1 --save "$model" >/dev/null || exit 1

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/^$1: \([0-9.]*\).*/\1/p"; }

run() {   # label, then bench options
	label=$1; shift
	: >"$tmp/all"
	i=0
	while [ "$i" -lt "$runs" ]; do
		"$tinyllm" bench --model "$model" "$@" >>"$tmp/all" 2>&1 || { cat "$tmp/all"; exit 1; }
		i=$((i + 1))
	done
	kernel=$(field kernel <"$tmp/all" | head -n 1)
	kernel=$(sed -n 's/^kernel: //p' "$tmp/all" | head -n 1)
	printf '%-22s kernel %-8s decode %5s tok/s  prefill %5s tok/s  load+first %5s ms  first %5s ms  load %5s ms  peak RSS %4s MB\n' \
		"$label" "$kernel" \
		"$(field decode <"$tmp/all" | median)" "$(field prefill <"$tmp/all" | median)" \
		"$(field 'load + first token' <"$tmp/all" | median)" \
		"$(field 'first token' <"$tmp/all" | median)" \
		"$(field load <"$tmp/all" | median)" "$(field 'peak RSS' <"$tmp/all" | median)"
}

echo "medians of $runs fresh processes, reference shape, 256 tokens decoded after the default prompt"
run "auto, 1 thread" --threads 1
run "auto, 2 threads" --threads 2
for k in avx512 avx2 sse2 portable; do
	if "$tinyllm" bench --model "$model" --kernel "$k" --tokens 1 >/dev/null 2>&1; then
		run "$k, 1 thread" --threads 1 --kernel "$k"
	fi
done
