// Runs the standings suite alone and prints its figures as JSON (until tests/bench/run.ts runs every suite).
import { standingsSuite } from './standings.ts';

const started = Date.now();
const figures = await standingsSuite.run((line) => console.error(line));
console.log(JSON.stringify(figures, null, 2));
console.error(`standings suite: ${Math.round((Date.now() - started) / 1000)} s`);
