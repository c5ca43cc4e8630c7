/**
 * psp-audit command line: dispatches to one module per command (lib/cli/commands/). Exit codes:
 * 0 success (every pod allowed), 1 a pod denied, 2 bad usage or bad input (one line on stderr).
 */
import { PspAuditError } from '../errors.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Command {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Bad usage: the message names the flag and what is accepted. Exit 2. */
export class UsageError extends PspAuditError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const commands: Record<string, () => Promise<Command>> = {
  evaluate: async () => (await import('./commands/evaluate.ts')).evaluateCommand,
  digest: async () => (await import('./commands/digest.ts')).digestCommand,
  policies: async () => (await import('./commands/policies.ts')).policiesCommand,
  replay: async () => (await import('./commands/replay.ts')).replayCommand,
};

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function renderHelp(): string {
  const lines = Object.keys(commands)
    .sort()
    .map((name) => `  ${name}`);
  return `usage: psp-audit <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`psp-audit <command> --help\` for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(renderHelp());
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr(
      `psp-audit: unknown command "${name}" (commands: ${Object.keys(commands).sort().join(', ')})\n`,
    );
    return 2;
  }
  try {
    const command = await load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof PspAuditError) {
      io.stderr(`psp-audit ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`psp-audit ${name}: unexpected error: ${message}\n`);
    return 2;
  }
}
