/**
 * The layer rules of the mock (mock-server/src) and the SDK (packages/sdk/src), checked by `pnpm lint:deps` in
 * `pnpm test`. Layers, lowest first: kernel → domain → operations → app → http → adapters (engine.ts, cli.ts and
 * index.ts on top). A layer imports only layers below it; nothing imports in a circle, type-only imports included.
 * docs/guides/architecture.md explains where each kind of change goes.
 */
const SRC = '^mock-server/src/';
const layer = (name) => `${SRC}${name}/`;
const above = {
  kernel: ['domain', 'operations', 'app', 'http', 'adapters'],
  domain: ['operations', 'app', 'http', 'adapters'],
  operations: ['app', 'http', 'adapters'],
  app: ['http', 'adapters'],
  http: ['adapters'],
};
const TOP = `${SRC}(cli|index|engine)\\.ts$`;
/** Tests may reach across layers (an app test drives the whole engine); circles are still refused in them. */
const TEST = '\\.test(-d)?\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (type-only imports included) couples modules that should be able to change apart.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(above).map(([from, targets]) => ({
      name: `${from}-imports-only-lower-layers`,
      severity: 'error',
      comment: `${from}/ may not import ${targets.join(', ')}, engine.ts, cli.ts or index.ts: they sit above it.`,
      from: { path: layer(from), pathNot: TEST },
      to: { path: [...targets.map(layer), TOP] },
    })),
    {
      name: 'kernel-imports-only-kernel-and-generated',
      severity: 'error',
      comment: 'The kernel is the base every layer shares: it imports only itself and generated types.',
      from: { path: layer('kernel') },
      to: { path: SRC, pathNot: [layer('kernel'), `${SRC}generated/`] },
    },
    {
      name: 'aggregates-do-not-import-the-world',
      severity: 'error',
      comment:
        'Each aggregate declares the slice of the World it needs; only domain/world.ts (and the invariants) assemble it, so the domain stays a tree.',
      from: { path: `${layer('domain')}[^/]+/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${layer('domain')}(world|invariants)\\.ts$` },
    },
    {
      name: 'aggregates-meet-through-their-barrels',
      severity: 'error',
      comment: "An aggregate reaches another aggregate only through that aggregate's index.ts.",
      from: { path: `${layer('domain')}([^/]+)/` },
      to: {
        path: `${layer('domain')}[^/]+/`,
        pathNot: [`${layer('domain')}$1/`, `${layer('domain')}[^/]+/index\\.ts$`],
      },
    },
    {
      name: 'every-module-in-a-layer',
      severity: 'error',
      comment:
        'A module of the mock lives in one of the layers (or is cli.ts / index.ts), so its place says what it may import.',
      from: {
        path: SRC,
        pathNot: [...['kernel', 'domain', 'operations', 'app', 'http', 'adapters', 'generated'].map(layer), TOP, TEST],
      },
      to: {},
    },
    {
      name: 'generated-is-a-leaf',
      severity: 'error',
      comment:
        'Generated code imports no hand-written module at run time (the generated method signatures may name hand-written types).',
      from: { path: '/src/generated/' },
      to: { path: '^(mock-server|packages/[^/]+)/src/', pathNot: '/src/generated/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['partner-center:source', 'import', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
