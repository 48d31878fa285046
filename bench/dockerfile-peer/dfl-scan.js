#!/usr/bin/env node
// dockerfilelint over a whole directory tree in ONE node process: the fair counterpart of `palisade config ROOT`.
//
//   node dfl-scan.js ROOT OUT.json
//
// Why not `dockerfilelint -o json FILE...`: the CLI does take many files in one process, but dockerfilelint 1.8.0
// throws on `HEALTHCHECK CMD ...` without options (checks.js: `options.reduce` on null), which kills the whole
// process and loses every file's report. This driver does what bin/dockerfilelint does for each file (read it as
// UTF-8, `require('dockerfilelint').run(path.resolve(dirname(file)), content)`, group the items with the package's
// own Reporter, which drops duplicates on a line) but catches that exception per file, and keeps the rule name
// (`item.rule`), which the package's JSON reporter leaves out (it prints only titles).
//
// Files: the names `palisade config` treats as Dockerfiles (DockerfileScanner.IsDockerfileName): Dockerfile,
// Containerfile, *.dockerfile, *.containerfile, Dockerfile.*, Containerfile.* (case-insensitive, not
// *.dockerignore), found by walking ROOT, in sorted order.
'use strict';
const fs = require('fs');
const path = require('path');
const dockerfilelint = require('dockerfilelint');
const Reporter = require('dockerfilelint/lib/reporter/reporter');

function isDockerfileName(name) {
  const n = name.toLowerCase();
  if (n.endsWith('.dockerignore')) return false;
  return n === 'dockerfile' || n === 'containerfile' || n.endsWith('.dockerfile') || n.endsWith('.containerfile') ||
    n.startsWith('dockerfile.') || n.startsWith('containerfile.');
}

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && isDockerfileName(e.name)) out.push(p);
  }
  return out;
}

class Collect extends Reporter { buildReport() { return this.fileReports; } }

const [root, outFile] = process.argv.slice(2);
if (!root || !outFile) {
  console.error('usage: node dfl-scan.js ROOT OUT.json');
  process.exit(2);
}
const reporter = new Collect();
const crashed = [];
const files = walk(root, []);
for (const file of files) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const content = fs.readFileSync(file, 'UTF-8');
  if (!content) { crashed.push({ file: rel, error: 'Invalid input (empty file)' }); continue; }
  try {
    reporter.addFile(rel, content, dockerfilelint.run(path.resolve(path.dirname(file)), content));
  } catch (e) {
    crashed.push({ file: rel, error: String(e && e.stack ? e.stack.split('\n').slice(0, 2).join(' | ') : e) });
  }
}
const reports = reporter.buildReport();
const result = { files: [], crashed };
for (const file of Object.keys(reports)) {
  const issues = [];
  for (const line of Object.keys(reports[file].itemsByLine)) {
    for (const item of reports[file].itemsByLine[line]) {
      issues.push({ line: Number(line), rule: item.rule, title: item.title, category: item.category });
    }
  }
  result.files.push({ file, issues });
}
fs.writeFileSync(outFile, JSON.stringify(result));
