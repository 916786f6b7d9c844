// npm run eval:matching — top-1 and top-3 accuracy of work matching over test/fixtures/work-matching/phrases.tsv.
import { soc2020, WorkInterpreter } from '../dist/libs/network/src/index.js';
import { evaluate, labelledPhrases, percent } from '../dist/test/eval/work-matching.eval.js';

const interpreter = new WorkInterpreter(soc2020());
const started = process.hrtime.bigint();
const r = evaluate(labelledPhrases(), (text) => interpreter.interpret(text));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
for (const m of r.misses) console.log(`miss${m.inTop3 ? ' (in top 3)' : ''} [${m.kind}] "${m.phrase}": expected ${m.expected}, got ${m.got}`);
console.log('');
for (const [kind, k] of [...r.byKind.entries()].sort())
  console.log(`${kind.padEnd(16)} ${String(k.total).padStart(4)} phrases  top-1 ${percent(k.top1, k.total)}`);
console.log(
  `\n${r.total} phrases: top-1 ${percent(r.top1, r.total)} (${r.top1}), top-3 ${percent(r.top3, r.total)} (${r.top3}); ${(ms / r.total).toFixed(2)} ms a phrase`,
);
