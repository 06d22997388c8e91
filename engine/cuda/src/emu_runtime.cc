/*
 * The emulator's launch: blocks one after another; within a block, every thread as a fiber that runs
 * until it reaches __syncthreads or returns, so shared memory and barriers behave as on the GPU for
 * kernels that follow CUDA's rules (all threads reach the same barriers). A kernel without barriers runs
 * its threads as plain calls. A thread that returns while others wait at a barrier is a kernel bug: the
 * launch reports it instead of hanging.
 *
 * Fibers switch with a few instructions on x86-64 (callee-saved registers and the stack pointer; the
 * kernels change no floating-point control state), else with ucontext, whose switch is a system call
 * (it saves the signal mask) and costs far more: a tiled product switches twice per k tile per thread.
 */
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <string>
#include <vector>

#include "emu_runtime.h"

thread_local vt_dim3 threadIdx, blockIdx, blockDim, gridDim;

#if defined(__x86_64__) && !defined(VT_EMU_UCONTEXT)
#define VT_FAST_SWITCH 1
/* vt_switch(&save, load): pushes the callee-saved registers, stores the stack pointer in *save, loads
   `load` as the stack pointer and pops what was pushed there; `ret` then resumes that fiber. */
extern "C" void vt_switch(void **save, void *load);
asm(R"(
.text
.globl vt_switch
.type vt_switch, @function
vt_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
.size vt_switch, .-vt_switch
.section .note.GNU-stack,"",@progbits
.text
)");
#else
#include <ucontext.h>
#endif

namespace {

constexpr size_t kStackBytes = 64 * 1024;

struct Fiber {
#ifdef VT_FAST_SWITCH
  void *sp;
#else
  ucontext_t ctx;
#endif
  bool done;
  bool waiting;
};

struct BlockRun {
  vt_emu_kernel fn;
  const void *args;
  Fiber *fibers;
  char *stacks;
#ifdef VT_FAST_SWITCH
  void *scheduler_sp;
#else
  ucontext_t scheduler;
#endif
  unsigned current;
};

thread_local BlockRun *run = nullptr;
/* Fibers and their stacks, kept across launches (uninitialised memory: a stack needs no zeroing). */
thread_local std::vector<Fiber> fiber_pool;
thread_local std::unique_ptr<char[]> stack_pool;
thread_local size_t stack_pool_threads = 0;
thread_local bool in_fibers = false;
thread_local bool bad_barrier = false;

void to_scheduler(Fiber &f) {
#ifdef VT_FAST_SWITCH
  vt_switch(&f.sp, run->scheduler_sp);
#else
  swapcontext(&f.ctx, &run->scheduler);
#endif
}

void to_fiber(BlockRun &r, Fiber &f) {
#ifdef VT_FAST_SWITCH
  vt_switch(&r.scheduler_sp, f.sp);
#else
  swapcontext(&r.scheduler, &f.ctx);
#endif
}

void fiber_main() {
  BlockRun *r = run;
  r->fn(r->args);
  Fiber &f = r->fibers[r->current];
  f.done = true;
#ifdef VT_FAST_SWITCH
  to_scheduler(f); /* never resumed */
  abort();
#endif
  /* ucontext: uc_link returns to the scheduler. */
}

/* Apart from the launch loop: getcontext returns twice in principle, which would pin its variables. */
__attribute__((noinline)) void prepare_fiber(BlockRun &r, unsigned t) {
  Fiber &f = r.fibers[t];
  f.done = false;
  f.waiting = false;
  char *stack = r.stacks + (size_t)t * kStackBytes;
#ifdef VT_FAST_SWITCH
  /* The first switch pops six zero registers and returns into fiber_main as if it had been called:
     16-byte aligned top, a null return address for fiber_main (it never returns). */
  uintptr_t top = ((uintptr_t)(stack + kStackBytes)) & ~(uintptr_t)15;
  void **sp = (void **)top;
  *--sp = nullptr;
  *--sp = (void *)&fiber_main;
  for (int i = 0; i < 6; i++) *--sp = nullptr;
  f.sp = sp;
#else
  getcontext(&f.ctx);
  f.ctx.uc_stack.ss_sp = stack;
  f.ctx.uc_stack.ss_size = kStackBytes;
  f.ctx.uc_link = &r.scheduler;
  makecontext(&f.ctx, fiber_main, 0);
#endif
}

}  // namespace

void vt_emu_syncthreads(void) {
  if (!in_fibers) {
    bad_barrier = true; /* a kernel listed without barriers used one: reported by the launch */
    return;
  }
  Fiber &f = run->fibers[run->current];
  f.waiting = true;
  to_scheduler(f);
}

std::string vt_emu_launch(vt_emu_kernel fn, const void *args, vt_dim3 grid, vt_dim3 block, bool barriers) {
  const unsigned threads = block.x * block.y * block.z;
  gridDim = grid;
  blockDim = block;
  BlockRun r;
  r.fn = fn;
  r.args = args;
  if (barriers) {
    if (fiber_pool.size() < threads) fiber_pool.resize(threads);
    if (stack_pool_threads < threads) {
      stack_pool.reset(new char[(size_t)threads * kStackBytes]);
      stack_pool_threads = threads;
    }
    r.fibers = fiber_pool.data();
    r.stacks = stack_pool.get();
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
            to_fiber(r, f);
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
