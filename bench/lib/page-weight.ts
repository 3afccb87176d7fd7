/**
 * What a page ships to the browser (issue 12: at most 150 KB of gzip JavaScript per page besides
 * hls.js and the P2P loader), measured on the running instance: the page's `<script src>`s and
 * everything they import statically, each fetched and gzipped; the chunks they import on demand
 * (the P2P loader) and hls.js are counted apart.
 */
import { gzipSync } from 'node:zlib';

export type PageWeight = { page: string; own: number; hls: number; onDemand: number; files: string[] };

const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*"(\.\/[^"]+\.js)"/g;
const DYNAMIC_IMPORT = /\bimport\(\s*"(\.\/[^"]+\.js)"\s*\)/g;

async function fetchText(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.text();
}

/** The gzip bytes of one page's scripts, fetched as a browser would (same origin only: pages make no third-party requests). */
export async function pageWeight(base: string, page: string, headers: Record<string, string>): Promise<PageWeight> {
  const html = await fetchText(`${base}${page}`, { ...headers, accept: 'text/html' });
  // Each script is fetched once: its text serves both its size and the imports it names.
  const texts = new Map<string, string>();
  const text = async (url: string) => {
    if (!texts.has(url)) texts.set(url, await fetchText(url));
    return texts.get(url)!;
  };
  const size = async (url: string) => gzipSync(await text(url)).length;
  const weight: PageWeight = { page, own: 0, hls: 0, onDemand: 0, files: [] };
  const seen = new Set<string>();
  // Bounded: a page has a handful of scripts, and each file is visited once.
  const queue = [...html.matchAll(SCRIPT_SRC)].map((m) => new URL(m[1], `${base}${page}`).href);
  while (queue.length > 0 && seen.size < 50) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    weight.files.push(new URL(url).pathname);
    if (/\/hls[^/]*\.js$/.test(url)) {
      weight.hls += await size(url);
      continue;
    }
    weight.own += await size(url);
    const source = await text(url);
    for (const m of source.matchAll(STATIC_IMPORT)) queue.push(new URL(m[1], url).href);
    for (const m of source.matchAll(DYNAMIC_IMPORT)) {
      const chunk = new URL(m[1], url).href;
      if (!seen.has(chunk)) weight.onDemand += await size(chunk);
    }
  }
  return weight;
}

export function formatPageWeights(weights: PageWeight[]) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = ['| page | own JS (gzip) | hls.js | loaded on demand (P2P) |', '|---|---|---|---|'];
  for (const w of weights) lines.push(`| ${w.page} | ${kb(w.own)} | ${w.hls ? kb(w.hls) : '-'} | ${w.onDemand ? kb(w.onDemand) : '-'} |`);
  return lines.join('\n');
}
