/*
 * The emulator's launch: blocks one after another; within a block, every thread as a fiber (ucontext) that
 * runs until it reaches __syncthreads or returns, so shared memory and barriers behave as on the GPU for
 * kernels that follow CUDA's rules (all threads reach the same barriers). A kernel without barriers runs
 * its threads as plain calls. A thread that returns while others wait at a barrier is a kernel bug: the
 * launch reports it instead of hanging.
 */
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include <string>
#include <vector>

#include "emu_runtime.h"

thread_local vt_dim3 threadIdx, blockIdx, blockDim, gridDim;

namespace {

constexpr size_t kStackBytes = 64 * 1024;

struct Fiber {
  ucontext_t ctx;
  bool done;
  bool waiting;
};

struct BlockRun {
  vt_emu_kernel fn;
  const void *args;
  std::vector<Fiber> fibers;
  std::vector<char> stacks;
  ucontext_t scheduler;
  unsigned current;
};

thread_local BlockRun *run = nullptr;
thread_local bool in_fibers = false;
thread_local bool bad_barrier = false;

void fiber_main() {
  BlockRun *r = run;
  r->fn(r->args);
  r->fibers[r->current].done = true;
  /* uc_link returns to the scheduler. */
}

/* Apart from the launch loop: getcontext returns twice in principle, which would pin its variables. */
__attribute__((noinline)) void prepare_fiber(BlockRun &r, unsigned t) {
  Fiber &f = r.fibers[t];
  f.done = false;
  f.waiting = false;
  getcontext(&f.ctx);
  f.ctx.uc_stack.ss_sp = r.stacks.data() + (size_t)t * kStackBytes;
  f.ctx.uc_stack.ss_size = kStackBytes;
  f.ctx.uc_link = &r.scheduler;
  makecontext(&f.ctx, fiber_main, 0);
}

}  // namespace

void vt_emu_syncthreads(void) {
  if (!in_fibers) {
    bad_barrier = true; /* a kernel listed without barriers used one: reported by the launch */
    return;
  }
  BlockRun *r = run;
  Fiber &f = r->fibers[r->current];
  f.waiting = true;
  swapcontext(&f.ctx, &r->scheduler);
}

std::string vt_emu_launch(vt_emu_kernel fn, const void *args, vt_dim3 grid, vt_dim3 block, bool barriers) {
  const unsigned threads = block.x * block.y * block.z;
  gridDim = grid;
  blockDim = block;
  BlockRun r;
  r.fn = fn;
  r.args = args;
  if (barriers) {
    r.fibers.resize(threads);
    r.stacks.resize((size_t)threads * kStackBytes);
  }
  BlockRun *saved = run;
  run = &r;
  bad_barrier = false;
  std::string error;
  for (unsigned bz = 0; bz < grid.z && error.empty(); bz++)
    for (unsigned by = 0; by < grid.y && error.empty(); by++)
      for (unsigned bx = 0; bx < grid.x && error.empty(); bx++) {
        blockIdx = {bx, by, bz};
        if (!barriers) {
          for (unsigned t = 0; t < threads; t++) {
            threadIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
            fn(args);
          }
          if (bad_barrier) error = "a kernel run without fibers called __syncthreads";
          continue;
        }
        for (unsigned t = 0; t < threads; t++) prepare_fiber(r, t);
        in_fibers = true;
        for (;;) {
          unsigned finished = 0, waiting = 0;
          for (unsigned t = 0; t < threads; t++) {
            Fiber &f = r.fibers[t];
            if (f.done) {
              finished++;
              continue;
            }
            f.waiting = false;
            r.current = t;
            threadIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
            swapcontext(&r.scheduler, &f.ctx);
            if (f.done) finished++;
            else if (f.waiting) waiting++;
          }
          if (finished == threads) break;
          if (finished > 0 && waiting > 0) {
            error = "threads of one block diverged at __syncthreads (some returned, some wait)";
            break;
          }
        }
        in_fibers = false;
      }
  run = saved;
  return error;
}
