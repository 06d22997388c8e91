/* A fixed pool of worker threads that sleep on a condition variable between jobs (never spin). */
#ifndef VT_POOL_H
#define VT_POOL_H
#include <stddef.h>

typedef void (*vt_task_fn)(void *ctx, size_t task);

/* Sets the number of threads that compute a job, the calling thread included (1 = no workers). */
int vt_pool_set_threads(int threads);
int vt_pool_threads(void);
/* Runs fn(ctx, t) for every t < tasks across the pool and the calling thread; returns when all are done. */
void vt_pool_run(size_t tasks, vt_task_fn fn, void *ctx);
/* This thread's scratch buffer of at least `floats` floats (grown on demand, kept for the thread's life). */
float *vt_scratch(size_t floats);
#endif
