import { readFileSync } from 'node:fs';

type ProcStat = { state: string; ppid: number; pgrp: number };

function procStat(pid: number | 'self'): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: the fields after the last ')'.
    const [state, ppid, pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid), pgrp: Number(pgrp) };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once when a process this one runs under has exited: the parent, and on Linux every ancestor in
 * this process's group (the job a shell started: `npm start` → `sh -c` → tsx → this). npm and `sh -c` do not
 * pass a SIGTERM on to their child; they just die, and the rest of the job would keep running. An ancestor is
 * gone when its /proc entry is missing, a zombie, or its parent changed (it was re-parented because its own
 * parent died). Elsewhere only the parent is watched (`process.ppid` changes when it dies). Returns a stop
 * function; the timer never keeps the process alive.
 */
export function watchAncestors(onGone: (pid: number) => void, intervalMs = 250): () => void {
  const own = procStat('self');
  const watched: { pid: number; ppid: number }[] = [];
  if (own) {
    for (let pid = own.ppid; pid > 1; ) {
      const s = procStat(pid);
      if (!s) break;
      watched.push({ pid, ppid: s.ppid });
      if (s.pgrp !== own.pgrp) break;
      pid = s.ppid;
    }
  }
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = own
      ? watched.find((a) => {
          const s = procStat(a.pid);
          return !s || s.state === 'Z' || s.ppid !== a.ppid;
        })?.pid
      : process.ppid !== parent
        ? parent
        : undefined;
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
