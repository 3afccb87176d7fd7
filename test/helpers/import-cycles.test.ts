import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCycles, moduleSpecifiers, type ImportGraph } from './import-graph';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('import cycles', () => {
  it('finds none among the files under worker/ and transcoder/', () => {
    const graph = buildImportGraph(ROOT, ['worker', 'transcoder']);
    // The walk saw the trees (a wrong root would find no cycle in nothing).
    expect(graph.size).toBeGreaterThan(200);
    expect([...graph.values()].reduce((n, edges) => n + edges.length, 0)).toBeGreaterThan(500);
    // `import type` edges count: a type-only cycle is still two modules that cannot be understood,
    // moved or tested one without the other, and it turns into a load-order bug the day one side
    // imports a value (issue 8, B1: the jobs cycle was type-only at its registry end).
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles).toEqual([]);
  });

  it('reads static, type-only, re-export and dynamic specifiers', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export * from './c.js';",
      "export { d } from 'hono';",
      "const e = await import('./e');",
      "import f = require('./f');",
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text)).toEqual(['./a', '../b', './c.js', 'hono', './e', './f']);
  });

  it('reports a cycle as a path, and none in a graph without one', () => {
    const graph: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(findCycles(graph).sort()).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
    ]);
    graph.set('c.ts', ['d.ts']);
    graph.set('e.ts', []);
    expect(findCycles(graph)).toEqual([]);
  });
});
