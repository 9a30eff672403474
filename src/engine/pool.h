/* pool.h: a fixed team of threads that run one function together.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The forward pass runs as one task per token on every thread, with a few
 * barriers per layer inside it: a cross-core sync costs about half a
 * microsecond here, so the engine syncs a few times a layer, not per
 * product.  Idle threads sleep, so a waiting tutor uses no CPU.
 */
#ifndef TLM_POOL_H
#define TLM_POOL_H

struct tlm_pool;
typedef void (*tlm_task_fn)(void *arg, int tid, int nth);

/* A team of n threads: the caller plus n - 1 workers.  NULL on failure. */
struct tlm_pool *tlm_pool_new(int n);
void tlm_pool_free(struct tlm_pool *p);
int tlm_pool_size(const struct tlm_pool *p);

/* Runs fn(arg, tid, n) on every thread (tid 0 on the caller) and returns
 * when all have finished. */
void tlm_pool_run(struct tlm_pool *p, tlm_task_fn fn, void *arg);

/* Inside a task run with nth threads: waits until all have arrived. */
void tlm_pool_barrier(struct tlm_pool *p, int tid, int nth);

/* How many times waiting threads have had to give up their core because
 * another thread of the team was not running: a sign that other programs
 * hold the cores, so that the team is slower than one thread. */
unsigned tlm_pool_yields(const struct tlm_pool *p);

#endif
