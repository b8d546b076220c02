// Worker-thread entry: plain JS so that Node can start it, then the TypeScript body through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./letters-worker-main.ts');
