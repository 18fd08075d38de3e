# SPDX-License-Identifier: GPL-2.0
# bash completion for kbench. Kept in sync with the command table and every
# command's --help by tests/docs/sync.sh (make check).

_kbench_opts() {
	case $1 in
	status) echo "-j --json -o --output -h --help" ;;
	record) echo "-F --freq -a --all -p --pid -d --duration -o --output -g --callgraph
		--kernel-depth --user-depth --unwind --ring-kb --drain-ms -c --counters -l --latency --no-counters
		-j --json -h --help" ;;
	stat) echo "-p --pid -a --all -d --duration -l --latency -o --output -j --json
		--collect -h --help" ;;
	run) echo "-b --bench -r --reps -t --time --warmup -o --output --profile-reps --no-profile
		--require-module --max-reps --target-cov --dir --size --per-cpu -j --json
		-h --help" ;;
	compare) echo "-l --label --threshold --alpha --force --fail-on -j --json -o --output -h --help" ;;
	merge) echo "-o --output --force -j --json -h --help" ;;
	report) echo "-o --output --threshold --bands -j --json -h --help" ;;
	esac
}

_kbench() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmds="status record stat run compare merge report help" cmd=${COMP_WORDS[1]:-}
	local i

	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$cmds --version --help" -- "$cur"))
		return
	fi
	# After "--" comes the profiled command: complete it like a shell.
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [ "${COMP_WORDS[i]}" = "--" ]; then
			COMPREPLY=($(compgen -c -- "$cur"))
			return
		fi
	done
	case $cmd in
	help) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$cmds" -- "$cur")); return ;;
	esac
	case $prev in
	-o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-g|--callgraph) COMPREPLY=($(compgen -W "kernel user kernel,user" -- "$cur")); return ;;
	--unwind) COMPREPLY=($(compgen -W "fp dwarf" -- "$cur")); return ;;
	--fail-on) COMPREPLY=($(compgen -W "regression inconclusive" -- "$cur")); return ;;
	-p|--pid) COMPREPLY=($(compgen -W "$(ls /proc | grep '^[0-9]')" -- "$cur")); return ;;
	-F|--freq|-d|--duration|--kernel-depth|--user-depth|--ring-kb|--drain-ms|--collect|\
	-b|--bench|-r|--reps|-t|--time|--threshold|--warmup|--max-reps|--target-cov|--size|\
	--profile-reps|-l|--label|\
	--alpha|--bands) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_kbench_opts "$cmd")" -- "$cur"))
	elif [ "$cmd" = run ] && [ "$COMP_CWORD" -eq 2 ]; then
		COMPREPLY=($(compgen -W "io cpu syscall all" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _kbench kbench
