#!/bin/sh
# build.sh [CONFIG [TRAIN OPTIONS]]: the whole model pipeline, end to end:
# data from the C solvers, tokenizer, curriculum training, int8 export, a
# compact fp16 checkpoint, and `tinyllm eval`.  CONFIG: smoke, cpu or full.
#   sh model/build.sh cpu --threads 1 --max-minutes 120
set -eu
config=${1:-smoke}
[ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/.." && pwd)
tinyllm=${TINYLLM:-$top/src/tinyllm}
python=${PYTHON_TORCH:-python3}
out=$top/model/runs/$config
"$python" "$top/model/train.py" --config "$config" --tinyllm "$tinyllm" --out "$out" "$@"
"$python" "$top/model/export.py" --run "$out" --out "$top/model/$config.tlm" \
	--compact "$top/model/$config-fp16.pt"
"$tinyllm" eval --model "$top/model/$config.tlm" --lessons "$top/lessons" | tee "$top/model/$config-eval.txt"
