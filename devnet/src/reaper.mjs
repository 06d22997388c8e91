// The supervisor's reaper: a tiny plain-JS process (no loader, starts in milliseconds) that outlives the
// supervisor only to stop what it left behind. Node cannot ask Linux for PR_SET_PDEATHSIG, and the children run
// in their own process groups (so that a terminal's Ctrl+C reaches only the supervisor), so nothing else would
// stop them if the supervisor died by SIGKILL or a crash.
//
// Protocol on stdin, one line each: `start <pid> <tier>` (a child started; its process group is <pid>) and
// `exit <pid>` (it is gone). When stdin closes — the supervisor exited, whatever the way — every child still
// listed gets SIGINT, tier by tier (highest first, as the supervisor's own stop), and SIGKILL if its group is
// still there after the grace period. Usage: node reaper.mjs <graceMs>.
const graceMs = Number(process.argv[2] ?? 10_000);
const children = new Map(); // pid -> tier
let buffered = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (buffered + chunk).split('\n');
  buffered = lines.pop();
  for (const line of lines) {
    const [what, pid, tier] = line.split(' ');
    if (what === 'start') children.set(Number(pid), Number(tier ?? 0));
    else if (what === 'exit') children.delete(Number(pid));
  }
});
process.stdin.on('close', () => void reap().then(() => process.exit(0)));
// The terminal's Ctrl+C (or a signal to the whole tree) is the supervisor's to handle: keep waiting for stdin.
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
}

async function reap() {
  const tiers = [...new Set(children.values())].sort((a, b) => b - a);
  for (const tier of tiers) {
    const pids = [...children]
      .filter(([, t]) => t === tier)
      .map(([pid]) => pid)
      .filter(groupAlive);
    for (const pid of pids) signalGroup(pid, 'SIGINT');
    const deadline = Date.now() + graceMs;
    while (pids.some(groupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const pid of pids) if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  }
}
