/** What a CLI command reads and writes, injectable so tests run commands in-process. */
export type CliIo = {
  env: Record<string, string | undefined>;
  /** Base of relative paths: where the user typed the command (npm keeps it in INIT_CWD). */
  cwd: string;
  /** Results only. */
  stdout: NodeJS.WritableStream;
  /** Logs, progress and errors. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
};

export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
  };
}
