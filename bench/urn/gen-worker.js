// Worker-thread entry of the benchmark's fixture generator: plain JS so that Node can start it, then tsx.
import { register } from 'tsx/esm/api';

register();
await import('./gen-worker-main.ts');
