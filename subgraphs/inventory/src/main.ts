import { runStandalone } from '@showstream/platform';
import { start } from './subgraph.ts';

await runStandalone('inventory', start);
