/** Where a command writes and what it reads from its surroundings; injected so commands run in-process in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Colour the output (✓/✗, statuses). Default: stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
