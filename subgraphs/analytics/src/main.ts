import { runStandalone } from '@showstream/platform';
import { start } from './service.ts';

await runStandalone('analytics', start);
