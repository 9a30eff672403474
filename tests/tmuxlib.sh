# tests/tmuxlib.sh: driving the full-screen tutor in tmux, for the test
# scripts that source it.  Each test starts the tutor in a fresh tmux server
# (-L, so that no test waits on another's exit), reads the screen with
# capture-pane, and types with send-keys.
# Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
tmux_runs=0
sock="tinyllm-$$-0"
fails=0
tm() { tmux -L "$sock" -f /dev/null "$@"; }
screen() { tm capture-pane -p -t tl 2>/dev/null; }
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; screen | sed 's/^/  | /'; fails=$((fails + 1)); }
# wait_for TEXT [SECONDS]: until TEXT is on the screen.
wait_for() {
	n=$(( ${2:-10} * 10 ))
	while [ "$n" -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
# check NAME TEXT [SECONDS]; check_not NAME TEXT: TEXT is not on the screen now.
check() { if wait_for "$2" "${3:-10}"; then pass "$1"; else fail "$1: no '$2' on the screen"; fi; }
check_not() { if screen | grep -qF -- "$2"; then fail "$1: '$2' is on the screen"; else pass "$1"; fi; }
keys() { tm send-keys -t tl "$@"; }
# tmux_start COLSxROWS COMMAND: COMMAND in a fresh server's session "tl";
# when it exits the shell prints "EXIT=status" and the terminal's modes
# (icanon, echo: restored) and waits.
tmux_start() {
	size=$1
	tm kill-server 2>/dev/null
	tmux_runs=$((tmux_runs + 1))
	sock="tinyllm-$$-$tmux_runs"
	tm new-session -d -s tl -x "${size%x*}" -y "${size#*x}" \
		"$2; echo \"EXIT=\$?\"; stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e echo; sleep 600"
}
# The tutor's process id: the pane's shell's one child (tinyllm, or the
# emulator running it for a cross build).
tutor_pid() { pgrep -P "$(tm list-panes -t tl -F '#{pane_pid}')" | head -n 1; }
# check_end NAME SECONDS: until the model's help has ended, whatever its verdict.
check_end() {
	n=$(( $2 * 10 ))
	while [ "$n" -gt 0 ]; do
		screen | grep -qF -e "checks out" -e "I could check is right" -e "The model made a mistake" \
			-e "The model's answer is wrong" -e "did not finish its reasoning" \
			-e "I cannot check my reasoning" -e "The model cannot help" && { pass "$1"; return; }
		sleep 0.1
		n=$((n - 1))
	done
	fail "$1: the model's help did not end within $2 s"
}
