#!/bin/sh
# footprint.sh TINYLLM: the tutor's footprint on this machine, as figures
# (make bench-footprint): time from launch to an interactive screen with
# the model's pages dropped from the page cache (cold) and kept (warm);
# peak RSS of the whole tutor after a solution streamed by the shipped
# model; CPU used over 10 seconds of sitting idle, and the state of every
# thread; the installed size (make install into a temporary DESTDIR).
# Each is compared with its target from issue 10; "over" lines mean a miss.
# Needs tmux; util-linux's fincore shows that the cache was really dropped.
set -u
tinyllm=${1:?usage: footprint.sh TINYLLM}
: "${srcdir:=$(dirname "$0")/..}"
model=$srcdir/model/tinyllm.tlm
. "$srcdir/tests/tmuxlib.sh"
tmp=$(mktemp -d) || exit 1
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
data="$srcdir/tests/data/e2e"
misses=0
verdict() {   # name, figure, unit, limit (integers), "le" (at most) or "eq"
	if { [ "$5" = le ] && [ "$2" -le "$4" ]; } || { [ "$5" = eq ] && [ "$2" -eq "$4" ]; }; then
		echo "footprint: $1: $2 $3 (target $4): met"
	else
		echo "footprint: $1: $2 $3 (target $4): over"; misses=$((misses + 1))
	fi
}
cached() { command -v fincore >/dev/null 2>&1 && fincore -n -o PAGES "$model" | tr -d ' '; }

launch() {   # cold|warm: prints milliseconds from launch to the first screen
	[ "$1" = cold ] && dd if="$model" iflag=nocache count=0 status=none
	rm -f "$tmp/trace"
	t0=$(date +%s%N)
	tmux_start 80x24 "env HOME='$tmp/home' XDG_DATA_HOME= XDG_STATE_HOME= LC_ALL=C.UTF-8 \
		TINYLLM_LESSONS='$data' TINYLLM_MODEL='$model' TINYLLM_UI_TRACE='$tmp/trace' \
		'$tinyllm' -p Ana --lesson e2e-add"
	n=100
	while ! grep -q screen-ready "$tmp/trace" 2>/dev/null && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
	t1=$(sed -n 's/^screen-ready-epoch-ns //p' "$tmp/trace")
	echo $(( (t1 - t0) / 1000000 ))
}

# What launching through tmux costs by itself: a command that only writes
# the time (the shell, env and tmux's new session; subtracted below).
: >"$tmp/base"
for i in 1 2 3 4 5; do
	rm -f "$tmp/ts"
	t0=$(date +%s%N)
	tmux_start 80x24 "env LC_ALL=C.UTF-8 date +%s%N >'$tmp/ts'"
	n=100
	while [ ! -s "$tmp/ts" ] && [ "$n" -gt 0 ]; do sleep 0.01; n=$((n - 1)); done
	echo $(( ($(cat "$tmp/ts") - t0) / 1000000 )) >>"$tmp/base"
	tm kill-server
done
base=$(sort -n "$tmp/base" | sed -n 3p)
echo "footprint: launching through tmux alone (ms): $(tr '\n' ' ' <"$tmp/base")(median $base, subtracted)"

# Start: median of 5 cold and 5 warm launches.
for mode in cold warm; do
	: >"$tmp/$mode"
	for i in 1 2 3 4 5; do
		[ "$mode" = cold ] && [ "$i" = 1 ] && { dd if="$model" iflag=nocache count=0 status=none; echo "footprint: model pages cached before a cold start: $(cached)"; }
		launch "$mode" >>"$tmp/$mode"
		tm kill-server
	done
	ms=$(sort -n "$tmp/$mode" | sed -n 3p)
	echo "footprint: $mode starts (ms, launch through tmux to the first screen): $(tr '\n' ' ' <"$tmp/$mode")"
	verdict "$mode start to an interactive screen, median, tmux's launch taken off" $((ms - base)) ms 100 le
done

# One streamed solution from the shipped model, then idle.
launch warm >/dev/null
check "lesson" "What is 47 + 38?"
keys "84" Enter
keys F3
check_end "the model's solution streamed" 60
pid=$(tutor_pid)
rss=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status")
verdict "peak RSS, the whole tutor" $(( (rss + 1023) / 1024 )) MB 32 le
sleep 1
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
a=$(ticks)
sleep 10
b=$(ticks)
verdict "CPU over 10 s idle" $((b - a)) "clock ticks" 0 eq
states=$(for t in /proc/"$pid"/task/*/stat; do awk '{ print $3 }' "$t"; done | sort | uniq -c | tr -s ' ' | tr '\n' ';')
echo "footprint: threads while idle (count state):$states"
keys F10 y

# Installed size.
if [ -f Makefile ] && make -s install DESTDIR="$tmp/inst" >/dev/null 2>&1; then
	kb=$(du -sk "$tmp/inst" | cut -f1)
	verdict "installed size (make install)" $(( (kb + 1023) / 1024 )) MB 20 le
else
	echo "footprint: installed size: make install failed here"
fi
[ "$misses" -eq 0 ]
