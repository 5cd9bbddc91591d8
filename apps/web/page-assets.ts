/**
 * How the API process serves its pages: a small HTML shell, one shared style sheet, and each
 * page's TypeScript bundled by esbuild on first request and kept in memory. No build step, no
 * framework: a page is a module under `pages/` importing helpers from `apps/web/browser/`.
 */
import { build } from 'esbuild';
import type { Request, RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STYLE_SHEET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'browser', 'base.css');

export interface PageShell {
  title: string;
  /** Where the router is mounted (`req.baseUrl`): the page's assets and API live under it. */
  base: string;
  /** File name of the page's bundle under `<base>/assets/`. */
  script: string;
  /** Read by the script from `document.body.dataset`. */
  data?: Record<string, string | undefined>;
}

export function pageHtml({ title, base, script, data = {} }: PageShell): string {
  const attributes = Object.entries({ base, ...data })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escapeHtml(value!)}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(base)}/assets/base.css">
<script type="module" src="${escapeHtml(base)}/assets/${escapeHtml(script)}"></script>
</head>
<body${attributes}><noscript>This page needs JavaScript.</noscript></body>
</html>
`;
}

/** Sends the page shell; `data` and `status` (@default 200) may depend on the request (its query, its path, its session). */
export function servePage(shell: (req: Request) => Omit<PageShell, 'base'> & { status?: number }): RequestHandler {
  return (req, res) => {
    const { status = 200, ...page } = shell(req);
    res
      .status(status)
      .set('cache-control', 'no-cache')
      .type('html')
      .send(pageHtml({ ...page, base: req.baseUrl }));
  };
}

/** Serves `entry` and what it imports as one ES module, compiled at first request. */
export function scriptBundle(entry: string): RequestHandler {
  let compiled: Promise<string> | undefined;
  const compile = async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      charset: 'utf8',
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  };
  return async (_req, res, next) => {
    try {
      compiled ??= compile();
      const code = await compiled;
      res.set('cache-control', 'no-cache').type('text/javascript').send(code);
    } catch (error) {
      compiled = undefined;
      next(error);
    }
  };
}

export const styleSheet: RequestHandler = (_req, res) => {
  res.set('cache-control', 'no-cache').type('text/css').send(readFileSync(STYLE_SHEET, 'utf8'));
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
