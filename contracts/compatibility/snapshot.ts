/**
 * `npm run contracts:release`: records every event type's current shape as the released one, which
 * contracts' compatibility test checks the next changes against. Run it when a version ships, after
 * the test passes, and commit the file.
 */
import { writeFileSync } from 'node:fs';
import { currentEventShapes } from '../src/compatibility.ts';

const file = new URL('./released-event-shapes.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(currentEventShapes(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
