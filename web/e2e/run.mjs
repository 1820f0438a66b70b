// `npm run e2e [args]`: Playwright, then, after a failure, each failed test with its error in brief
// (from test-results/report.json), so that the end of CI's log names the cause; the list reporter
// ends with attachment paths instead.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.status === 0) process.exit(0);

let report = {};
try {
  report = JSON.parse(readFileSync(new URL('../test-results/report.json', import.meta.url), 'utf8'));
} catch {
  console.log('e2e: no test-results/report.json to summarize');
}
const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

function* specs(suite, path = []) {
  const here = suite.title ? [...path, suite.title] : path;
  for (const spec of suite.specs ?? []) yield [here, spec];
  for (const child of suite.suites ?? []) yield* specs(child, here);
}

for (const suite of report.suites ?? []) {
  for (const [path, spec] of specs(suite)) {
    for (const test of spec.tests) {
      for (const result of test.results) {
        if (result.status === 'passed' || result.status === 'skipped') continue;
        console.log(`\n✘ ${[...path, spec.title].join(' › ')}: ${result.status} after ${(result.duration / 1000).toFixed(1)} s`);
        for (const error of result.errors ?? []) {
          const lines = plain(error.message ?? '').split('\n').slice(0, 12);
          if (error.location) lines.push(`at ${error.location.file.split('/').slice(-2).join('/')}:${error.location.line}`);
          console.log(lines.map((l) => `  ${l}`).join('\n'));
        }
      }
    }
  }
}
process.exit(run.status ?? 1);
