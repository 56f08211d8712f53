// The JavaScript a page makes the browser download: every module script and modulepreload link
// in its HTML, gzipped as CloudFront would serve them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) urls.add(match[1] as string);
  for (const match of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) urls.add(match[1] as string);
  // Remix imports its entry and route modules from an inline module script.
  for (const match of html.matchAll(/import\s*(?:\*\s*as\s*\w+\s*from\s*)?"([^"]+\.js)"/g)) urls.add(match[1] as string);
  return [...urls];
}

export function clientJsBytes(html: string, clientDir: string, publicPath: string): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const urls = scriptUrls(html);
  for (const url of urls) {
    const path = new URL(url, "http://x").pathname;
    const file = join(clientDir, path.startsWith(publicPath) ? path.slice(publicPath.length) : path);
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: urls.length, raw, gzip };
}
