/**
 * `callflow` command line. Each command lives in its own module under commands/, loaded only when
 * that command runs: `callflow validate` need not load express, the stores and the Graph client
 * that `callflow serve` needs, which would cost most of its start-up time.
 */
import { Command } from 'commander';
import type { EmulatorCommandOptions } from './commands/emulator.ts';
import type { PublishOptions } from './commands/publish.ts';
import type { CallCommandOptions } from './commands/call.ts';
import type { InitOptions } from './commands/init.ts';
import type { ManifestCommandOptions } from './commands/manifest.ts';

const program = new Command().name('callflow').description('Declarative call flows for Microsoft Teams calling bots').showHelpAfterError();

program
  .command('validate')
  .description('check flow files against the flow schema and their references')
  .argument('<files...>', 'flow files or folders')
  .action(async (files: string[]) => {
    process.exitCode = await (await import('./commands/validate.ts')).validateCommand(files);
  });
program
  .command('lint')
  .description('validate, then run the static checks (reachability, dead ends, ports, loops, variables, prompt WAV format, delays)')
  .argument('[files...]', 'flow files or folders', ['flows'])
  .option('--strict', 'fail on warnings too')
  .action(async (files: string[], options: { strict?: boolean }) => {
    process.exitCode = await (await import('./commands/lint.ts')).lintCommand(files, options);
  });
program
  .command('fmt')
  .description('write flows in canonical form (schema key order, 2-space indent, trailing newline)')
  .argument('[files...]', 'flow files or folders', ['flows'])
  .option('--check', 'only report files that are not canonical; exit 1 if any')
  .action(async (files: string[], options: { check?: boolean }) => {
    process.exitCode = await (await import('./commands/fmt.ts')).fmtCommand(files, options);
  });
program
  .command('graph')
  .description('print a diagram of a flow')
  .argument('<flow>', 'flow file')
  .option('--format <format>', 'mermaid or dot', 'mermaid')
  .action(async (file: string, options: { format: string }) => {
    process.exitCode = await (await import('./commands/graph.ts')).graphCommand(file, options);
  });
program
  .command('publish')
  .description('publish flows (with their scenarios and layout) into a running engine: each must lint clean and pass its scenarios')
  .argument('[paths...]', 'flow files or folders', ['flows'])
  .option('--to <url>', 'the engine to publish to', 'http://127.0.0.1:3978')
  .option('-m, --message <text>', 'what changed and why (kept with the version and its git commit)')
  .option('--author <name>', 'who publishes (default: user@host)')
  .action(async (paths: string[], options: PublishOptions) => {
    process.exitCode = await (await import('./commands/publish.ts')).publishCommand(paths, options);
  });
program
  .command('diff')
  .description('what changed between two versions of a flow: states, options, ports, prompt words, variables, settings')
  .argument('<files...>', 'the old and the new flow file (either may be /dev/null), or the 7 arguments git passes a diff driver')
  .action(async (files: string[]) => {
    process.exitCode = await (await import('./commands/diff.ts')).diffCommand(files);
  });
program
  .command('test')
  .description('run flow scenarios (<id>.test.json) with a simulated clock and report coverage')
  .argument('[flows...]', 'flow files or folders', ['flows'])
  .action(async (files: string[]) => {
    process.exitCode = await (await import('./commands/test.ts')).testCommand(files);
  });
program
  .command('schema')
  .description('print the flow JSON Schema generated from the block registry')
  .option('--write', 'write it to schemas/flow.schema.json')
  .option('--check', 'exit 1 if schemas/flow.schema.json is stale')
  .action(async (options: { write?: boolean; check?: boolean }) => {
    process.exitCode = await (await import('./commands/schema.ts')).schemaCommand(options);
  });

program
  .command('manifest')
  .description('write the Teams app package (--out) and print the bot entry, the Graph permissions the flows need and the admin-consent URL')
  .argument('[files...]', 'flow files or folders', ['flows'])
  .option('--out <zip>', 'write the Teams app package (manifest.json, color.png, outline.png) to this file')
  .option('--app-id <guid>', "the app registration's client id (default: AZURE_CLIENT_ID)")
  .option('--public-url <url>', "the engine's public https:// address, for validDomains (default: CALLFLOW_PUBLIC_URL)")
  .option('--name <text>', "the app's short name, at most 30 characters (default: package.json name)")
  .option('--short-description <text>', 'at most 80 characters (default: package.json description when it fits)')
  .option('--description <text>', 'the full description, at most 4000 characters (default: package.json description, or one naming the flows)')
  .option('--developer <name>', 'the publisher, at most 32 characters (default: package.json author, else the name)')
  .option('--website-url <url>', "the developer's website (default: package.json homepage, else the public URL)")
  .option('--privacy-url <url>', 'the privacy statement (default: the website URL)')
  .option('--terms-url <url>', 'the terms of use (default: the website URL)')
  .option('--version <x.y.z>', "the app's version, MAJOR.MINOR.PATCH (default: package.json version)")
  .option('--accent-color <#rrggbb>', "the app's accent and color icon background")
  .option('--color-icon <png>', 'a 192×192 PNG to use instead of the drawn color icon')
  .option('--outline-icon <png>', 'a 32×32 white-on-transparent PNG to use instead of the drawn outline icon')
  .action(async (files: string[], options: ManifestCommandOptions) => {
    process.exitCode = await (await import('./commands/manifest.ts')).manifestCommand(files, options);
  });
program
  .command('doctor')
  .description(
    'check a deployment (the variables callflow serve reads) against its tenant: token, permissions, public URL, webhook, prompts, store, application instance, clock',
  )
  .option('--json', 'print { ok, checks: [{ id, ok, detail, fix? }] }')
  .action(async (options: { json?: boolean }) => {
    process.exitCode = await (await import('./commands/doctor.ts')).doctorCommand(options);
  });
program
  .command('backup')
  .description('copy the SQLite store (CALLFLOW_STORE=sqlite:…) into <file> while the engine runs')
  .argument('<file>', 'where to write the backup (a SQLite database)')
  .action(async (file: string) => {
    process.exitCode = await (await import('./commands/backup.ts')).backupCommand(file);
  });
program
  .command('serve')
  .description('start the engine: deploy the flows folder, serve its HTTP API and handle calls (Graph with AZURE_* credentials, else the built-in emulator)')
  .option('--no-editor-build', 'do not build the editor when editor/dist is missing')
  .option('--allow-insecure', 'with Azure credentials, start even when CALLFLOW_PUBLIC_URL is not https or names this machine (a warning instead of a refusal)')
  .action(async (options: { editorBuild: boolean; allowInsecure?: boolean }) => {
    process.exitCode = await (await import('./commands/serve.ts')).serveCommand(options);
  });

program
  .command('init')
  .description(
    'scaffold a repository for call flows: an example flow and its scenarios, CI running lint and test, the git diff driver, a compose file, a README',
  )
  .argument('[dir]', 'folder to create or fill', '.')
  .option('--force', 'add the files to a folder that is not empty (existing files are kept)')
  .action(async (dir: string, options: InitOptions) => {
    process.exitCode = await (await import('./commands/init.ts')).initCommand(dir, options);
  });

program
  .command('emulator')
  .description('run the Graph calling emulator (HTTPS, identity, Graph calls API, signed notifications, simulated people) and print what a bot needs')
  .option('--port <port>', 'HTTPS port (0 picks a free one)', '8443')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--data-dir <dir>', 'certificates, generated app credentials and recordings', 'data/emulator')
  .option('--speed <factor>', 'clock speed factor for every emulated duration', '1')
  .option('--callback-uri <url>', "the bot's calling webhook for incoming calls")
  .option('--seed <number>', 'seed of the behaviours drawn per call where Graph documents none (printed at start)')
  .option('--variations <list>', 'behaviours fixed instead of drawn, e.g. mediaState=laterUpdate,transferProgress=statesMissing')
  .option('--verbose', 'print what the emulator does')
  .action(async (options: EmulatorCommandOptions) => {
    process.exitCode = await (await import('./commands/emulator.ts')).emulatorCommand(options);
  });

program
  .command('call')
  .description('call the running bot through the emulator: prints what the caller hears; type 0-9 * # to press keys, s to speak, h to hang up')
  .option('--from <phone>', 'call from this phone number (E.164)')
  .option('--user <oid>', 'call from this Teams user instead')
  .option('--to <app id or phone>', "the bot's app id, or a phone number of the bot (routes.json)")
  .option('--keys <keys>', 'press these keys, one each time the bot has finished a prompt (s speaks 3 s into a recording, h hangs up); no terminal input')
  .option('--emulator <url>', 'emulator base URL (default: from <data-dir>/emulator.json)')
  .option('--ca <file>', 'emulator CA certificate (default: from <data-dir>/emulator.json)')
  .option('--data-dir <dir>', "the emulator's data folder", 'data/emulator')
  .option('--flows <dir>', 'flows folder, for the prompt texts', process.env.CALLFLOW_FLOWS_DIR ?? 'flows')
  .option('--timeout <seconds>', 'hang up and fail when the call lasts longer', '600')
  .action(async (options: CallCommandOptions) => {
    process.exitCode = await (await import('./commands/call.ts')).callCommand(options);
  });

// The compiled CLI validates flows with the schema validator `npm run build` compiled ahead of time.
await (await import('../node/precompiled-flow-validator.ts')).usePrecompiledFlowValidator();
await program.parseAsync();
