#!/usr/bin/env bash
# Runs one `headroom sweep` as a Slurm job array: task I of N runs shard I/N of the grid into its
# own store, shard-I.sqlite, in the job's working directory (the directory you submit from, or
# `sbatch --chdir DIR`). Merge the shard stores afterwards into one sweep (see below).
#
# The arguments are those of `headroom sweep` without --shard, --db and --resume; the model path
# is read relative to the working directory:
#
#   sbatch deploy/slurm/sweep-array.sh models/full-saas.yaml \
#       --set traffic.rate=200/s..2000/s:200/s --set components.app.replicas=2,4,8 --replications 3
#
# N is the array's size: change it on the command line (sbatch --array=1-16 ...); task ids must
# run from 1 to N without gaps. Each task uses --cpus-per-task cores (`--jobs`); put your own
# --jobs after the model to override that. Set HEADROOM to the executable if it is not on PATH
# (sbatch passes your environment on): HEADROOM=$PWD/.build/release/headroom sbatch ...
#
# Merge when every task has succeeded, with a job that waits for the array:
#
#   job=$(sbatch --parsable deploy/slurm/sweep-array.sh models/full-saas.yaml --set ...)
#   sbatch --dependency=afterok:$job --wrap 'headroom merge sweep.sqlite shard-*.sqlite'
#
# or by hand once `squeue` no longer lists it: headroom merge sweep.sqlite shard-*.sqlite
#
# Stopping and continuing: Slurm sends SIGTERM at the time limit and on scancel; headroom then
# starts no new run, keeps every finished point and exits (143). --signal below asks for that
# SIGTERM 5 minutes before the limit, so that the runs in progress can finish before SIGKILL.
# Submitting the same command again (or `scontrol requeue`) continues each shard in its store:
# only its missing points run. Merging skips what the output already holds, so merge again.
#
#SBATCH --job-name=headroom-sweep
#SBATCH --array=1-4
#SBATCH --cpus-per-task=1
#SBATCH --output=headroom-sweep-%A_%a.out
#SBATCH --signal=B:TERM@300
set -euo pipefail

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ] || [ -z "${SLURM_ARRAY_TASK_COUNT:-}" ]; then
  echo "sweep-array.sh: run it with sbatch as a job array (sbatch --array=1-N $0 MODEL --set ...)" >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  echo "sweep-array.sh: give the arguments of headroom sweep: MODEL --set PATH=VALUES ..." >&2
  exit 2
fi

task=$SLURM_ARRAY_TASK_ID
count=$SLURM_ARRAY_TASK_COUNT
echo "headroom sweep shard $task/$count on $(hostname) in $PWD"

# exec: headroom itself receives Slurm's SIGTERM (B: above sends it to this batch step's shell).
exec "${HEADROOM:-headroom}" sweep --jobs "${SLURM_CPUS_PER_TASK:-1}" "$@" \
  --shard "$task/$count" --db "shard-$task.sqlite"
