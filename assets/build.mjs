// Builds intake's static files from the pinned npm packages (see assets/README.md):
//   intake/static/css/intake.css      DKFDS (virk.dk theme) parts intake uses + intake's rules
//   intake/static/fonts/*.woff2       IBM Plex Sans 400/600/700, Latin-1 subsets
//   intake/static/img/icons/*.svg     only the icons the stylesheet refers to
//   intake/static/licences/           the licences that come with them
//   intake/static/assets.json         versions and SHA-256 of every built file
// `node build.mjs --check` builds into a temporary folder and fails if the committed files
// differ from what the pinned versions produce (CI runs it).
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync,
  writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const here = dirname(fileURLToPath(import.meta.url));
const committed = join(here, '..', 'intake', 'static');
const dkfds = join(here, 'node_modules', 'dkfds');
const built = ['css', 'fonts', 'img', 'licences', 'assets.json'];
const WEIGHTS = ['Regular', 'SemiBold', 'Bold'];
// The icons templates use, as one sprite: <svg><use href="…/img/icons.svg#error"></use></svg>.
const SPRITE = ['arrow-back', 'check', 'chevron-right', 'close', 'download', 'edit', 'error',
  'info', 'open-in-new', 'success', 'upload', 'warning'];

function version(name) {
  return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'))).version;
}

function build(out) {
  for (const part of built) rmSync(join(out, part), { recursive: true, force: true });
  for (const dir of ['css', 'fonts', 'img/icons', 'licences']) {
    mkdirSync(join(out, dir), { recursive: true });
  }
  let css = sass.compile(join(here, 'scss', 'intake.scss'), {
    loadPaths: [join(here, 'node_modules')], style: 'compressed', sourceMap: false,
    silenceDeprecations: ['import', 'global-builtin', 'color-functions'],
  }).css;
  // intake shows the configured brand, never DKFDS's logo placeholder or the Virk logo.
  css = css.replace(/url\("\.\.\/img\/logo[^"]*"\)/g, 'none');
  writeFileSync(join(out, 'css', 'intake.css'), css + '\n');
  for (const weight of WEIGHTS) {
    const name = `IBMPlexSans-${weight}-Latin1.woff2`;
    cpSync(join(dkfds, 'dist/fonts/IBMPlexSans/split/woff2', name), join(out, 'fonts', name));
  }
  const icons = new Set([...css.matchAll(/url\(["']?\.\.\/img\/icons\/([a-z0-9-]+\.svg)/g)]
    .map((m) => m[1]));
  for (const icon of [...icons].sort()) {
    cpSync(join(dkfds, 'dist/img/svg-icons', icon), join(out, 'img/icons', icon));
  }
  const symbols = SPRITE.map((name) => {
    const svg = readFileSync(join(dkfds, 'dist/img/svg-icons', name + '.svg'), 'utf8');
    const box = svg.match(/viewBox="([^"]+)"/)[1];
    const body = svg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
    return `<symbol id="${name}" viewBox="${box}">${body}</symbol>`;
  });
  writeFileSync(join(out, 'img', 'icons.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join('')}</svg>\n`);
  cpSync(join(dkfds, 'LICENSE.md'), join(out, 'licences', 'dkfds-LICENSE.md'));
  cpSync(join(dkfds, 'dist/fonts/IBMPlexSans/complete/woff2/license.txt'),
    join(out, 'licences', 'IBMPlexSans-OFL.txt'));
  const files = {};
  for (const file of walk(out).filter((f) => built.some((p) => f.startsWith(p + '/')))) {
    files[file] = createHash('sha256').update(readFileSync(join(out, file))).digest('hex');
  }
  const manifest = { dkfds: version('dkfds'), sass: version('sass'), files };
  writeFileSync(join(out, 'assets.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function walk(root, dir = root) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(root, path) : [relative(root, path)];
  }).sort();
}

if (process.argv.includes('--check')) {
  const out = mkdtempSync(join(tmpdir(), 'intake-assets-'));
  build(out);
  const want = readFileSync(join(out, 'assets.json'), 'utf8');
  let have = '';
  try { have = readFileSync(join(committed, 'assets.json'), 'utf8'); } catch { /* missing */ }
  const differ = walk(out).filter((f) => {
    try { return !readFileSync(join(out, f)).equals(readFileSync(join(committed, f))); }
    catch { return true; }
  });
  rmSync(out, { recursive: true, force: true });
  if (want !== have || differ.length) {
    console.error('intake/static differs from what assets/ builds: ' + differ.join(', '));
    console.error('Run: (cd assets && npm ci && npm run build) and commit intake/static.');
    process.exit(1);
  }
  console.log('intake/static matches dkfds ' + version('dkfds') + ' and sass ' + version('sass'));
} else {
  build(committed);
  console.log('built intake/static from dkfds ' + version('dkfds'));
}
