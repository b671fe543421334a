/**
 * No two features of a service depend on each other, directly or round a longer loop: the
 * feature → feature import graph of each service (read from the source files, type-only imports
 * included) has no cycle. The lint rule lawfirm/feature-boundaries says *how* a feature may use
 * another (through its module or service); this says which way the dependency may point.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

const SERVICES_DIR = resolve(__dirname, '..', 'services');
/** Folders under `src/` that hold no feature. */
const NOT_FEATURES = new Set(['migrations']);
/** Tests wire features together to exercise them; only production code sets the direction. */
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

type FeatureGraph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !TEST_FILE.test(entry.name) ? [path] : [];
  });
}

function featuresOf(srcDir: string): string[] {
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_FEATURES.has(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** The feature a path inside `src/` belongs to, if any (files directly under `src/` belong to none). */
function featureAt(srcDir: string, path: string, features: ReadonlySet<string>): string | undefined {
  const [first, ...rest] = relative(srcDir, path).split(sep);
  if (!first || first.startsWith('..')) return undefined;
  const isInFolder = rest.length > 0 || (existsSync(path) && statSync(path).isDirectory());
  return isInFolder && features.has(first) ? first : undefined;
}

function featureGraph(srcDir: string): FeatureGraph {
  const features = new Set(featuresOf(srcDir));
  const graph: FeatureGraph = new Map([...features].map((feature) => [feature, new Set<string>()]));
  for (const feature of features) {
    for (const file of sourceFiles(join(srcDir, feature))) {
      const { importedFiles } = preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName: specifier } of importedFiles) {
        if (!specifier.startsWith('.')) continue;
        const target = featureAt(srcDir, resolve(dirname(file), specifier), features);
        if (target && target !== feature) graph.get(feature)?.add(target);
      }
    }
  }
  return graph;
}

/**
 * The cycles of the graph, one per strongly connected component (Tarjan), each written as the
 * shortest loop from the component's first feature, `a → b → a`, followed by every member of the
 * component when the loop does not pass through all of them.
 */
function cyclesOf(graph: FeatureGraph): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, counter);
    lowLink.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);

  return components.map((component) => {
    const loop = loopThrough(graph, new Set(component), component[0]!);
    const wider = component.length > loop.length - 1 ? ` (in a knot of ${component.join(', ')})` : '';
    return `${loop.join(' → ')}${wider}`;
  });
}

/** The shortest loop from `start` back to itself inside one strongly connected component. */
function loopThrough(graph: FeatureGraph, component: ReadonlySet<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

const services = readdirSync(SERVICES_DIR)
  .filter((name) => existsSync(join(SERVICES_DIR, name, 'src')))
  .sort();

describe('feature dependencies inside a service', () => {
  describe('cyclesOf', () => {
    it('names a two-way dependency and a longer loop, and nothing in a graph without one', () => {
      const graph: FeatureGraph = new Map([
        ['clients', new Set<string>()],
        ['conflicts', new Set(['matters'])],
        ['matters', new Set(['conflicts', 'clients'])],
        ['leads', new Set(['parties'])],
        ['parties', new Set(['consents'])],
        ['consents', new Set(['leads'])],
      ]);
      expect(cyclesOf(graph).sort()).toEqual([
        'conflicts → matters → conflicts',
        'consents → leads → parties → consents',
      ]);
      graph.get('clients')!.add('matters');
      expect(cyclesOf(graph).sort()).toEqual([
        'clients → matters → clients (in a knot of clients, conflicts, matters)',
        'consents → leads → parties → consents',
      ]);
      expect(
        cyclesOf(
          new Map([
            ['matters', new Set(['clients'])],
            ['clients', new Set<string>()],
          ]),
        ),
      ).toEqual([]);
    });
  });

  it('finds the features of the services and the imports between them', () => {
    const intake = featureGraph(join(SERVICES_DIR, 'intake', 'src'));
    expect([...intake.keys()]).toEqual(expect.arrayContaining(['clients', 'matters']));
    // Matters are opened for clients: the matters feature uses the clients feature's service.
    expect([...intake.get('matters')!]).toContain('clients');
  });

  it.each(services)('%s: no two features depend on each other, directly or round a loop', (service) => {
    expect(cyclesOf(featureGraph(join(SERVICES_DIR, service, 'src')))).toEqual([]);
  });
});
