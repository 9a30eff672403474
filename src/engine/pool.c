/* pool.c: the thread team behind the forward pass (see pool.h).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "engine/pool.h"

/* Between the tokens of one generation a worker waits a few microseconds;
 * spinning that long is cheaper than a sleep and a wake-up.  After this
 * many spins it sleeps until the next task. */
#define SPINS_BEFORE_SLEEP 200000

/* At a barrier the others are normally a microsecond away.  If one is not,
 * it has probably lost its core to another program: spinning on would keep
 * it from running, so after this many spins a waiter yields its core. */
#define SPINS_BEFORE_YIELD 2000

struct slot {
	alignas(64) int phase;   /* each thread's barrier sense */
};

struct tlm_pool {
	int n;
	pthread_t *threads;
	struct slot *slots;
	alignas(64) atomic_uint gen;       /* bumped for each task */
	alignas(64) atomic_int done;       /* workers finished with this task */
	alignas(64) atomic_int arrived;    /* barrier count */
	alignas(64) atomic_int sense;      /* barrier phase */
	atomic_int sleepers;
	atomic_uint yields;                /* waits that had to give up the core */
	atomic_int quit;
	tlm_task_fn fn;
	void *arg;
	pthread_mutex_t lock;
	pthread_cond_t wake;
};

static inline void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

struct start {
	struct tlm_pool *p;
	int tid;
};

static void *worker(void *arg)
{
	struct tlm_pool *p = ((struct start *)arg)->p;
	int tid = ((struct start *)arg)->tid;
	unsigned seen = 0;

	free(arg);
	for (;;) {
		unsigned g;
		int spins = 0;
		while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen) {
			if (++spins < SPINS_BEFORE_SLEEP) {
				relax();
				continue;
			}
			pthread_mutex_lock(&p->lock);
			atomic_fetch_add(&p->sleepers, 1);
			while (atomic_load(&p->gen) == seen)
				pthread_cond_wait(&p->wake, &p->lock);
			atomic_fetch_sub(&p->sleepers, 1);
			pthread_mutex_unlock(&p->lock);
			spins = 0;
		}
		seen = g;
		if (atomic_load(&p->quit))
			return NULL;
		p->fn(p->arg, tid, p->n);
		atomic_fetch_add_explicit(&p->done, 1, memory_order_release);
	}
}

struct tlm_pool *tlm_pool_new(int n)
{
	struct tlm_pool *p;

	if (n < 1)
		n = 1;
	if (!(p = aligned_alloc(64, (sizeof *p + 63) / 64 * 64)))
		return NULL;
	*p = (struct tlm_pool){ .n = n };
	atomic_init(&p->gen, 0);
	atomic_init(&p->done, 0);
	atomic_init(&p->arrived, 0);
	atomic_init(&p->sense, 0);
	atomic_init(&p->sleepers, 0);
	atomic_init(&p->yields, 0);
	atomic_init(&p->quit, 0);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->slots = aligned_alloc(64, sizeof *p->slots * (size_t)n);
	p->threads = calloc((size_t)n, sizeof *p->threads);
	if (!p->slots || !p->threads)
		goto fail;
	for (int i = 0; i < n; i++)
		p->slots[i].phase = 0;
	for (int i = 1; i < n; i++) {
		struct start *s = malloc(sizeof *s);
		if (s)
			*s = (struct start){ p, i };
		if (!s || pthread_create(&p->threads[i], NULL, worker, s) != 0) {
			free(s);
			p->n = i;  /* tlm_pool_free joins the ones started */
			tlm_pool_free(p);
			return NULL;
		}
	}
	return p;
fail:
	free(p->slots);
	free(p->threads);
	free(p);
	return NULL;
}

static void wake_all(struct tlm_pool *p)
{
	if (atomic_load(&p->sleepers) > 0) {
		pthread_mutex_lock(&p->lock);
		pthread_cond_broadcast(&p->wake);
		pthread_mutex_unlock(&p->lock);
	}
}

void tlm_pool_free(struct tlm_pool *p)
{
	if (!p)
		return;
	atomic_store(&p->quit, 1);
	pthread_mutex_lock(&p->lock);
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (int i = 1; i < p->n; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->slots);
	free(p->threads);
	free(p);
}

int tlm_pool_size(const struct tlm_pool *p)
{
	return p->n;
}

void tlm_pool_run(struct tlm_pool *p, tlm_task_fn fn, void *arg)
{
	if (p->n == 1) {
		fn(arg, 0, 1);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	atomic_store_explicit(&p->done, 0, memory_order_relaxed);
	/* A sleeping worker re-checks gen under the lock, so bumping it
	 * before the broadcast cannot lose the wake-up. */
	atomic_fetch_add_explicit(&p->gen, 1, memory_order_release);
	wake_all(p);
	fn(arg, 0, p->n);
	int spins = 0;
	while (atomic_load_explicit(&p->done, memory_order_acquire) != p->n - 1) {
		if (++spins < SPINS_BEFORE_YIELD) {
			relax();
		} else {
			atomic_fetch_add_explicit(&p->yields, 1, memory_order_relaxed);
			sched_yield();
		}
	}
}

unsigned tlm_pool_yields(const struct tlm_pool *p)
{
	return atomic_load_explicit(&p->yields, memory_order_relaxed);
}

void tlm_pool_barrier(struct tlm_pool *p, int tid, int nth)
{
	if (nth == 1)
		return;
	int phase = p->slots[tid].phase ^= 1;
	if (atomic_fetch_add_explicit(&p->arrived, 1, memory_order_acq_rel) == p->n - 1) {
		atomic_store_explicit(&p->arrived, 0, memory_order_relaxed);
		atomic_store_explicit(&p->sense, phase, memory_order_release);
	} else {
		int spins = 0;
		while (atomic_load_explicit(&p->sense, memory_order_acquire) != phase) {
			if (++spins < SPINS_BEFORE_YIELD) {
				relax();
			} else {
				atomic_fetch_add_explicit(&p->yields, 1, memory_order_relaxed);
				sched_yield();
			}
		}
	}
}
