import { runStandalone } from '@showstream/platform';
import { startRouter } from './router.ts';

await runStandalone('router', startRouter);
