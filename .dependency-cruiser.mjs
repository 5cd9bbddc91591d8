// The floors of the house, lowest first: a module imports only from its own floor or the ones
// below it (`npm run lint` runs `depcruise`). Types may cross floors (they vanish at run time), as the
// workflow sandbox's lint rule also allows. Tests, simulators and test instances are the top floor
// wherever they sit, and production code never imports them.
const TEST_CODE = '(^test/|/test/|\\.test\\.ts$|simulator[^/]*\\.ts$|test-instance\\.ts$)';

// A module is on the first floor whose pattern it matches.
const FLOORS = [
  { name: 'foundation', path: '^(lib|contracts|dsl)/' },
  { name: 'the workflow', path: '^workflows/' },
  { name: 'stores, ticketing and summaries', path: '^(codec|archive|attachments|ticketing|summary)/|^availability/hours' },
  { name: 'platforms', path: '^platforms/' },
  { name: 'observability', path: '^observability/' },
  { name: 'settings and availability', path: '^(config|availability)/' },
  { name: 'activities', path: '^activities/' },
  { name: 'the worker and the API', path: '^(worker|api)/' },
  { name: 'bot clients and their examples', path: '^(clients|examples)/' },
  { name: 'the stand-ins users try', path: '^apps/' },
  { name: 'the composition root', path: '^system/' },
  { name: 'developer tools', path: '^tools/' },
];

const patternsOf = (floors) => floors.map((floor) => floor.path);

export default {
  forbidden: [
    ...FLOORS.slice(0, -1).map((floor, index) => ({
      name: `no-import-up-from-${floor.name.replace(/\W+/g, '-')}`,
      comment: `${floor.name} imports from its own floor or those below, never from a floor above`,
      severity: 'error',
      from: { path: floor.path, pathNot: [TEST_CODE, ...patternsOf(FLOORS.slice(0, index))] },
      to: { path: patternsOf(FLOORS.slice(index + 1)), pathNot: [TEST_CODE, ...patternsOf(FLOORS.slice(0, index + 1))], dependencyTypesNot: ['type-only'] },
    })),
    {
      name: 'client-package-stands-alone',
      comment: '@handoff/client is installed in other projects: its source imports only itself, its npm packages and Node built-ins, types included',
      severity: 'error',
      from: { path: '^clients/typescript/src/' },
      to: { pathNot: ['^clients/typescript/(src/|openapi\\.json$|schema\\.d\\.ts$)', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'tests, simulators and test instances are for tests; production code never imports them',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.tools|data|test-artifacts)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
