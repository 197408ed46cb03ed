// `npm run --silent anw -- <command> [--flag value …]`: the planners' and operators' command line.
// Each command lives in ./commands/<name>.ts and exports `run(args: string[]): Promise<number>`
// (the exit code). Invalid input: one line on stderr, exit code 2.
type Command = { run(args: string[]): Promise<number> };

const commands: Record<string, () => Promise<Command>> = {
  classify: () => import('./commands/classify.js'),
  pay: () => import('./commands/pay.js'),
  audit: () => import('./commands/audit.js'),
  solve: () => import('./commands/solve.js'),
  tenants: () => import('./commands/tenants.js'),
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`onbekend commando: ${name ?? '(geen)'}; kies uit ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  const command = await load();
  return command.run(args);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
