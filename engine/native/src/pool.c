#define _GNU_SOURCE
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define MAX_THREADS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Held by the thread whose job the pool is running: a second caller (another worker_thread of the same
   process) runs its own tasks itself instead of waiting or racing. */
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t work_done = PTHREAD_COND_INITIALIZER;
static pthread_t workers[MAX_THREADS];
static int worker_count = 0; /* threads besides the caller */
/* The job generation each worker was created at: it must wait for the next job, never take one that ended
   before it existed (that job's context is gone, and its counters belong to the next job by then). */
static unsigned long start_generation[MAX_THREADS];
static int wanted_workers = 0;

/* The current job; generation changes when a new one is posted. */
static unsigned long generation = 0;
static vt_task_fn job_fn;
static void *job_ctx;
static size_t job_tasks;
static atomic_size_t next_task;
static size_t busy_workers = 0;

static _Thread_local float *scratch_buf = NULL;
static _Thread_local size_t scratch_cap = 0;

float *vt_scratch(size_t floats) {
  if (floats > scratch_cap) {
    free(scratch_buf);
    size_t cap = floats < 4096 ? 4096 : floats;
    scratch_buf = (float *)aligned_alloc(64, ((cap * sizeof(float) + 63) / 64) * 64);
    scratch_cap = scratch_buf ? cap : 0;
  }
  return scratch_buf;
}

/* Tasks are claimed from a shared counter: which thread runs a task varies, what the task computes does not. */
static void drain(vt_task_fn fn, void *ctx, size_t tasks) {
  for (;;) {
    size_t t = atomic_fetch_add(&next_task, 1);
    if (t >= tasks) return;
    fn(ctx, t);
  }
}

static void *worker_main(void *arg) {
  long index = (long)arg;
  pthread_mutex_lock(&lock);
  unsigned long seen = start_generation[index];
  for (;;) {
    while (generation == seen && index < wanted_workers) pthread_cond_wait(&work_ready, &lock);
    if (index >= wanted_workers) break;
    seen = generation;
    vt_task_fn fn = job_fn;
    void *ctx = job_ctx;
    size_t tasks = job_tasks;
    pthread_mutex_unlock(&lock);
    drain(fn, ctx, tasks);
    pthread_mutex_lock(&lock);
    if (--busy_workers == 0) pthread_cond_signal(&work_done);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

int vt_pool_set_threads(int threads) {
  if (threads < 1) threads = 1;
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  int target = threads - 1;
  pthread_mutex_lock(&run_lock);
  pthread_mutex_lock(&lock);
  wanted_workers = target;
  pthread_cond_broadcast(&work_ready);
  pthread_mutex_unlock(&lock);
  /* Stop the workers past the new count, then start any that are missing. */
  for (int i = target; i < worker_count; i++) pthread_join(workers[i], NULL);
  if (worker_count > target) worker_count = target;
  while (worker_count < target) {
    /* No job can be posted meanwhile: this thread holds run_lock. */
    start_generation[worker_count] = generation;
    if (pthread_create(&workers[worker_count], NULL, worker_main, (void *)(long)worker_count) != 0) break;
    worker_count++;
  }
  pthread_mutex_lock(&lock);
  wanted_workers = worker_count;
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&run_lock);
  return worker_count + 1;
}

int vt_pool_threads(void) { return worker_count + 1; }

void vt_pool_run(size_t tasks, vt_task_fn fn, void *ctx) {
  if (tasks == 0) return;
  if (worker_count == 0 || tasks == 1 || pthread_mutex_trylock(&run_lock) != 0) {
    for (size_t t = 0; t < tasks; t++) fn(ctx, t);
    return;
  }
  pthread_mutex_lock(&lock);
  job_fn = fn;
  job_ctx = ctx;
  job_tasks = tasks;
  atomic_store(&next_task, 0);
  busy_workers = (size_t)worker_count;
  generation++;
  pthread_cond_broadcast(&work_ready);
  pthread_mutex_unlock(&lock);
  drain(fn, ctx, tasks);
  pthread_mutex_lock(&lock);
  while (busy_workers > 0) pthread_cond_wait(&work_done, &lock);
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&run_lock);
}
