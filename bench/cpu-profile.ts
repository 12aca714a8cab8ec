/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and tells where the time went: self time by package, by
 * step of a request and by function, in microseconds per request. Frames of a bundle are mapped back
 * to their original files through the bundle's source maps (node:module's SourceMap). Only samples
 * inside a time window count (the profile's clock is the monotonic one process.hrtime reads).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { STEPS } from './profile-steps.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A frame after source mapping: `file` relative to the repository root, `node:...`, or '' (V8 itself). */
export interface Frame {
  name: string;
  file: string;
  line: number;
  /** The package (or 'app', 'node internals', 'V8') the frame's code belongs to. */
  group: string;
}

export interface Analysis {
  requests: number;
  /** Sampled time in the window, idle excluded, in microseconds. */
  busyUs: number;
  idleUs: number;
  samples: number;
  byGroup: [string, number][];
  byStep: [string, number][];
  byFunction: [string, number][];
}

export function loadProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

const PINO = new Set([
  'pino',
  'sonic-boom',
  'thread-stream',
  'pino-std-serializers',
  'fast-redact',
  'quick-format-unescaped',
  'atomic-sleep',
]);

/** The group of a source file: a package name (MikroORM's packages as one), 'app', 'node internals' or 'V8'. */
export function groupOf(file: string): string {
  if (!file) return 'V8 (builtins, GC, compiler)';
  if (file.startsWith('node:')) return 'node internals';
  const at = file.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [scope, name] = file.slice(at + 'node_modules/'.length).split('/');
    const pkg = scope.startsWith('@') ? `${scope}/${name}` : scope;
    if (pkg.startsWith('@mikro-orm/')) return 'MikroORM';
    return PINO.has(pkg) ? 'pino' : pkg;
  }
  if (file.startsWith('src/') || file.startsWith('adapters/')) return 'app';
  return file;
}

/** Maps bundle positions to original files; plain sources pass through. */
function frameMapper(root: string) {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (path: string) => {
    if (!maps.has(path)) {
      const mapFile = `${path}.map`;
      maps.set(path, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
    }
    return maps.get(path) ?? null;
  };
  const cache = new Map<string, Frame>();
  return (cf: CallFrame): Frame => {
    const key = `${cf.url}:${cf.lineNumber}:${cf.columnNumber}:${cf.functionName}`;
    let frame = cache.get(key);
    if (frame) return frame;
    let file = cf.url;
    let line = cf.lineNumber + 1;
    if (file.startsWith('file://')) {
      const path = fileURLToPath(file);
      const entry = mapOf(path)?.findEntry(cf.lineNumber, cf.columnNumber);
      if (entry && 'originalSource' in entry && entry.originalSource) {
        const original = entry.originalSource.startsWith('file://')
          ? fileURLToPath(entry.originalSource)
          : resolve(dirname(path), entry.originalSource);
        file = relative(root, original);
        line = entry.originalLine + 1;
      } else {
        file = relative(root, path);
      }
    }
    frame = { name: cf.functionName || '(anonymous)', file, line, group: groupOf(file) };
    cache.set(key, frame);
    return frame;
  };
}

const SPECIAL = /^\((?:idle|program|garbage collector|root)\)$/;

/**
 * Self time per group, step and function over the samples taken inside `windowUs` (monotonic
 * microseconds). A sample in V8's own code (a builtin: JSON.stringify, a regexp, a native addon
 * call) counts for the group of the JavaScript that called it.
 */
export function analyseProfile(
  profile: CpuProfile,
  options: { windowUs: readonly [bigint, bigint]; requests: number; root: string },
): Analysis {
  const map = frameMapper(options.root);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The stack of a node, leaf first, mapped. */
  const stacks = new Map<number, Frame[]>();
  const stackOf = (id: number): Frame[] => {
    let stack = stacks.get(id);
    if (stack) return stack;
    stack = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && node.callFrame.functionName !== '(root)') stack.push(map(node.callFrame));
    }
    stacks.set(id, stack);
    return stack;
  };

  const [from, to] = options.windowUs.map(Number);
  const add = (m: Map<string, number>, key: string, us: number) => m.set(key, (m.get(key) ?? 0) + us);
  const groups = new Map<string, number>();
  const steps = new Map<string, number>();
  const functions = new Map<string, number>();
  let t = profile.startTime;
  let busyUs = 0;
  let idleUs = 0;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i];
    const stack = stackOf(profile.samples[i]);
    const leaf = stack[0];
    if (!leaf || leaf.name === '(idle)') {
      idleUs += us;
      continue;
    }
    samples++;
    busyUs += us;
    const caller = stack.find((f) => f.file) ?? leaf;
    const special = SPECIAL.test(leaf.name);
    add(groups, special || leaf.file ? leaf.group : caller.group, us);
    add(steps, special ? STEPS.special(leaf.name) : STEPS.classify(stack), us);
    const where = leaf.file ? `${leaf.file}:${leaf.line}` : special ? '' : `native, from ${caller.name} ${caller.file}:${caller.line}`;
    add(functions, where ? `${leaf.name}  (${where})` : leaf.name, us);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    requests: options.requests,
    busyUs,
    idleUs,
    samples,
    byGroup: sorted(groups),
    byStep: sorted(steps),
    byFunction: sorted(functions),
  };
}

/** The three tables, in microseconds per request and percent of the sampled busy time. */
export function formatAnalysis(a: Analysis, top: number): string {
  const table = (title: string, rows: [string, number][]) => {
    const lines = rows.map(
      ([k, us]) => `${(us / a.requests).toFixed(2).padStart(8)} us  ${((100 * us) / a.busyUs).toFixed(1).padStart(5)}%  ${k}`,
    );
    return [`${title}`, '    us/req      %', ...lines].join('\n');
  };
  const header =
    `sampled: ${a.samples} samples, ${(a.busyUs / 1000).toFixed(0)} ms busy, ${(a.idleUs / 1000).toFixed(0)} ms idle; ` +
    `${(a.busyUs / a.requests).toFixed(1)} us busy per request`;
  return [
    header,
    table('\nby package (self time; builtins and native calls count for the caller)', a.byGroup),
    table('\nby step of a request (innermost step on the stack)', a.byStep),
    table(`\ntop ${top} functions (self time)`, a.byFunction.slice(0, top)),
  ].join('\n');
}
