import { spawn } from 'node:child_process';

export interface CliRun {
  /** exit code (null when killed by a signal) */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI (`server/cli.ts` through tsx) with `env` and these arguments, without blocking
 * the event loop (the machine is shared; spawnSync would stall vitest); resolves when it exits.
 */
export function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
