// Compiles apps/, libs/ and scripts/ TypeScript to CommonJS in dist/ with SWC (about a second for
// the whole monorepo). Type checking is separate: `npm run typecheck` (tsc --noEmit).
// Path aliases (@dxhub/*) are rewritten to relative requires here, so dist/ runs on plain node.
// The console's web UI (apps/console/ui/) is bundled by esbuild into dist/console-ui/ (no CDN, no download).
import { transformFile } from '@swc/core';
import { build as bundle } from 'esbuild';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'scripts'];
const isCompiled = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.spec.ts');
const uiDir = join(root, 'apps', 'console', 'ui');

const aliases = Object.fromEntries(
  ['contracts', 'persistence', 'messaging', 'security', 'audit', 'platform', 'testing', 'tenancy', 'hub-core'].map((lib) => [
    `@dxhub/${lib}`,
    [`libs/${lib}/src/index.ts`],
  ]),
);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && path === uiDir) continue; // browser code: bundled below, not compiled for Node
    if (entry.isDirectory()) yield* walk(path);
    else if (isCompiled(entry.name)) yield path;
  }
}

async function compile(file) {
  const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, {
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      baseUrl: root,
      paths: aliases,
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map`);
  await writeFile(`${out}.map`, map);
}

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
const files = [];
for (const dir of sourceDirs) for await (const file of walk(join(root, dir))) files.push(file);
await Promise.all(files.map(compile));
console.error(`build: ${files.length} files compiled to dist/ in ${Date.now() - started} ms`);

// The console UI: one JavaScript and one CSS bundle (preact, htm, uPlot and the pages), plus index.html.
const uiStarted = Date.now();
const uiOut = join(outDir, 'console-ui');
await bundle({
  entryPoints: { app: join(uiDir, 'src', 'main.ts') },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['es2022'],
  outdir: uiOut,
  logLevel: 'warning',
  legalComments: 'linked',
});
await copyFile(join(uiDir, 'index.html'), join(uiOut, 'index.html'));
console.error(`build: console UI bundled to dist/console-ui/ in ${Date.now() - uiStarted} ms`);
