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

/* Inside a task: waits until every thread of the team has arrived. */
void tlm_pool_barrier(struct tlm_pool *p, int tid);

#endif
