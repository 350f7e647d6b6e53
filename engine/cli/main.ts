/**
 * `callflow` command line. Each command lives in its own module under commands/.
 */
import { Command } from 'commander';
import { validateCommand } from './commands/validate.ts';
import { lintCommand } from './commands/lint.ts';
import { fmtCommand } from './commands/fmt.ts';
import { graphCommand } from './commands/graph.ts';
import { testCommand } from './commands/test.ts';
import { schemaCommand } from './commands/schema.ts';
import { serveCommand } from './commands/serve.ts';
import { manifestCommand } from './commands/manifest.ts';
import { emulatorCommand, type EmulatorCommandOptions } from './commands/emulator.ts';

const program = new Command()
  .name('callflow')
  .description('Declarative call flows for Microsoft Teams calling bots')
  .showHelpAfterError();

program.command('validate').description('check flow files against the flow schema and their references').argument('<files...>', 'flow files or folders').action(async (files: string[]) => {
  process.exitCode = await validateCommand(files);
});
program
  .command('lint')
  .description('validate, then run the static checks (reachability, dead ends, ports, loops, variables, prompt WAV format, delays)')
  .argument('[files...]', 'flow files or folders', ['flows'])
  .option('--strict', 'fail on warnings too')
  .action(async (files: string[], options: { strict?: boolean }) => {
    process.exitCode = await lintCommand(files, options);
  });
program
  .command('fmt')
  .description('write flows in canonical form (schema key order, 2-space indent, trailing newline)')
  .argument('[files...]', 'flow files or folders', ['flows'])
  .option('--check', 'only report files that are not canonical; exit 1 if any')
  .action(async (files: string[], options: { check?: boolean }) => {
    process.exitCode = await fmtCommand(files, options);
  });
program
  .command('graph')
  .description('print a diagram of a flow')
  .argument('<flow>', 'flow file')
  .option('--format <format>', 'mermaid or dot', 'mermaid')
  .action(async (file: string, options: { format: string }) => {
    process.exitCode = await graphCommand(file, options);
  });
program
  .command('test')
  .description('run flow scenarios (<id>.test.json) with a simulated clock and report coverage')
  .argument('[flows...]', 'flow files or folders', ['flows'])
  .action(async (files: string[]) => {
    process.exitCode = await testCommand(files);
  });
program
  .command('schema')
  .description('print the flow JSON Schema generated from the block registry')
  .option('--write', 'write it to schemas/flow.schema.json')
  .option('--check', 'exit 1 if schemas/flow.schema.json is stale')
  .action(async (options: { write?: boolean; check?: boolean }) => {
    process.exitCode = await schemaCommand(options);
  });

program
  .command('manifest')
  .description('print the Teams manifest bot entry, the Graph permissions the flows need and the admin-consent URL')
  .argument('[files...]', 'flow files or folders', ['flows'])
  .action(async (files: string[]) => {
    process.exitCode = await manifestCommand(files);
  });
program.command('serve').description('start the engine: deploy the flows folder and serve its HTTP API (PORT, CALLFLOW_FLOWS_DIR)').action(async () => {
  process.exitCode = await serveCommand();
});

program
  .command('emulator')
  .description('run the Graph calling emulator (HTTPS, identity, Graph calls API, signed notifications, simulated people) and print what a bot needs')
  .option('--port <port>', 'HTTPS port (0 picks a free one)', '8443')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--data-dir <dir>', 'certificates, generated app credentials and recordings', 'data/emulator')
  .option('--speed <factor>', 'clock speed factor for every emulated duration', '1')
  .option('--callback-uri <url>', "the bot's calling webhook for incoming calls")
  .option('--verbose', 'print what the emulator does')
  .action(async (options: EmulatorCommandOptions) => {
    process.exitCode = await emulatorCommand(options);
  });

await program.parseAsync();
