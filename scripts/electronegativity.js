// Electronegativity over the code that runs in Electron (main/electron, preload) and the page it
// loads (renderer/index.html). Its command-line tool exits 0 even with findings, so this runs its
// API and fails on any finding not justified in electronegativity-allowlist.json, and on any
// justification that no longer matches a finding (so the list stays reviewed).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const allowlist = JSON.parse(readFileSync(new URL('./electronegativity-allowlist.json', import.meta.url), 'utf8'));
const electronVersion = require('electron/package.json').version;

const scanned = mkdtempSync(join(tmpdir(), 'vigil-electronegativity-'));
for (const path of ['main/electron', 'preload', 'renderer/index.html']) cpSync(join(root, path), join(scanned, path), { recursive: true });

// The library logs its own progress and a failed check for newer Electron releases (no network); keep that out of lint output.
const quiet = ['log', 'warn', 'info'].map((name) => [name, console[name]]);
for (const [name] of quiet) console[name] = () => {};
let result;
try {
  result = await require('@doyensec/electronegativity')({ input: scanned, electronVersionOverride: electronVersion });
} finally {
  for (const [name, fn] of quiet) console[name] = fn;
  rmSync(scanned, { recursive: true, force: true });
}

const findings = result.issues.map((issue) => ({
  check: issue.id,
  file: issue.file === 'N/A' ? 'N/A' : relative(scanned, issue.file),
  line: issue.location?.line ?? 0,
  severity: issue.severity?.name,
  description: issue.description,
}));
const justified = (f) => allowlist.find((a) => a.check === f.check && a.file === f.file);
const unjustified = findings.filter((f) => !justified(f));
const stale = allowlist.filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file));
const hardErrors = result.errors.filter((e) => !e.tolerable);

for (const f of unjustified) console.error(`electronegativity: ${f.check} in ${f.file}:${f.line} (${f.severity}): ${f.description}`);
for (const a of stale) console.error(`electronegativity: allowlist entry ${a.check} for ${a.file} matches no finding any more; remove it`);
for (const e of hardErrors) console.error(`electronegativity: could not scan ${relative(scanned, e.file)}: ${e.message}`);
if (unjustified.length || stale.length || hardErrors.length) process.exit(1);
console.log(`electronegativity: ${result.globalChecks + result.atomicChecks} checks, ${findings.length} findings, all justified in scripts/electronegativity-allowlist.json`);
