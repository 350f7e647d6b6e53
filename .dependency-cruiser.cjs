/**
 * The layers of callflow, lowest first: protocol ← core ← blocks ← node ← session ← deploy ← graph, store ← server ← cli;
 * secrets (where secret values come from) and tts (speech synthesis) are leaves beside them that import no engine code.
 * A layer imports only layers below it. protocol holds Microsoft's documented facts (result codes) as
 * data and imports nothing; every layer, the editor and the emulator may read it. The editor (a
 * browser app) imports only protocol, core and blocks; the Graph calling emulator stands in for
 * Microsoft's service and imports nothing else from the engine;
 * core and blocks also run in the browser, so they import no Node built-in. Tests may assemble any
 * parts and are not checked. `npm run lint` runs this; test/layers.test.ts shows an upward import
 * failing it. Paths are matched with a leading (^|/) so the test's fixture tree is held to the same rules.
 */
const layer = (name) => `(^|/)engine/${name}/`;
const notTest = '\\.test\\.tsx?$';

/** `from` may not import any of `to`. */
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from, pathNot: notTest }, to: { path: to } });

module.exports = {
  forbidden: [
    {
      name: 'protocol-imports-nothing',
      comment: 'Microsoft’s documented facts, as data: no engine code, no package, no Node built-in, so anything may import them.',
      severity: 'error',
      from: { path: layer('protocol'), pathNot: notTest },
      to: { pathNot: layer('protocol') },
    },
    forbid(
      'core-imports-only-core',
      layer('core'),
      '(^|/)engine/(?!core/|protocol/)',
      'The core is pure: it owns its contracts and is handed what it needs (the block registry); it may read Microsoft’s documented facts.',
    ),
    forbid(
      'blocks-import-only-core',
      layer('blocks'),
      '(^|/)engine/(?!core/|blocks/|protocol/)',
      'A block is built from the core’s contract alone (and Microsoft’s documented facts).',
    ),
    forbid(
      'node-below-session',
      layer('node'),
      '(^|/)engine/(session|deploy|graph|store|server|cli|emulator)/',
      'Node-only flow and prompt files sit below the calling engine.',
    ),
    forbid(
      'secrets-stand-alone',
      layer('secrets'),
      '(^|/)engine/(?!secrets/)',
      'Where secret values come from (environment, files, Key Vault) is a leaf: it imports no engine code, so nothing it needs can pull flows, calls or traces near the values. The session layer reads secrets through its own port (SecretLookup) and the server wires the two.',
    ),
    forbid(
      'tts-stands-alone',
      layer('tts'),
      '(^|/)engine/(?!tts/)',
      'Speech synthesis (the Synthesizer interface, its backends, the audio cache) imports no engine code: a backend written elsewhere copies or imports it alone, and the engine hands it words, never flows or calls.',
    ),
    forbid(
      'session-below-adapters',
      layer('session'),
      '(^|/)engine/(deploy|graph|store|server|cli|emulator)/',
      'The session layer owns the ports; Graph and the stores implement them.',
    ),
    forbid(
      'deploy-below-adapters',
      layer('deploy'),
      '(^|/)engine/(graph|store|server|cli|emulator)/',
      'The flow lifecycle owns the deploy store contract; the stores implement it, the server serves it.',
    ),
    forbid(
      'graph-is-an-adapter',
      layer('graph'),
      '(^|/)engine/(deploy|store|server|cli|emulator)/',
      'The Graph adapter knows the session layer’s ports, not the other adapters.',
    ),
    forbid(
      'store-is-an-adapter',
      layer('store'),
      '(^|/)engine/(graph|server|cli|emulator)/',
      'A store knows the session layer’s contract, not the other adapters.',
    ),
    forbid('server-below-cli', layer('server'), '(^|/)engine/(cli|emulator)/', 'The HTTP server is composed by the CLI, not the other way round.'),
    forbid(
      'config-is-a-leaf',
      '(^|/)engine/config\\.ts$',
      '(^|/)engine/(?!config-)',
      'Configuration is read once and handed down; its parts (config-*.ts) are configuration too.',
    ),
    forbid(
      'emulator-stands-alone',
      layer('emulator'),
      '(^|/)engine/(?!emulator/|protocol/)',
      'The emulator behaves as Microsoft documents, not as the engine expects: it shares no engine code. It may import engine/protocol, which is not engine code but Microsoft’s documented facts (result codes with their sources), so the emulator sends exactly what the engine explains.',
    ),
    forbid(
      'editor-imports-core-and-blocks',
      '(^|/)editor/src/',
      '(^|/)engine/(?!core/|blocks/|protocol/)',
      'The editor runs the same core and blocks in the browser (and may read Microsoft’s documented facts), nothing else of the engine.',
    ),
    {
      name: 'browser-code-has-no-node-builtins',
      comment: 'core, blocks and the editor run in the browser.',
      severity: 'error',
      from: { path: '(^|/)(engine/core|engine/blocks|editor/src)/', pathNot: notTest },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be understood or tested one at a time.',
      severity: 'error',
      from: { pathNot: notTest },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|editor/dist|data|test/artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
