#ifndef VT_EMU_RUNTIME_H
#define VT_EMU_RUNTIME_H
#include <string>

#include "emu_shim.h"

typedef void (*vt_emu_kernel)(const void *args);
/* Runs fn over the grid; returns "" or what went wrong. */
std::string vt_emu_launch(vt_emu_kernel fn, const void *args, vt_dim3 grid, vt_dim3 block, bool barriers);

#endif
