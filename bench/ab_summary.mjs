// Summarises an A B A B benchmark file ({"runs": [...]}): for each figure, the mean of the runs
// without (flag 0) and with (flag 1) the thing measured, and the change between them in percent.
//
//   node bench/ab_summary.mjs FILE FLAG TITLE FIGURE:TARGET [FIGURE:TARGET ...]
//
// e.g. node bench/ab_summary.mjs results/x.json encrypted "ENCRYPTED DATABASE" "search_p99_ms:at most +15 %"
import { readFileSync } from 'node:fs';

const [file, flag, title, ...figures] = process.argv.slice(2);
const runs = JSON.parse(readFileSync(file, 'utf8')).runs;
const mean = (on, key) => {
  const xs = runs.filter((r) => Number(r[flag]) === on).map((r) => r[key]);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
console.log(`${title} (same run, A B A B):`);
for (const figure of figures) {
  const [key, target] = figure.split(/:(.*)/s);
  const without = mean(0, key), withIt = mean(1, key);
  const change = 100 * (withIt / without - 1);
  console.log(`  ${key}: ${without.toFixed(2)} plaintext, ${withIt.toFixed(2)} encrypted ` +
    `(${change >= 0 ? '+' : ''}${change.toFixed(1)} %; target: ${target})`);
}
