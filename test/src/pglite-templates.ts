// Run by jest's globalSetup (scripts/jest-global-setup.cjs) before any worker starts: the migrated PGlite
// copies that every memory:// test database starts from (pgliteTemplate), made here once per migration
// list rather than inside a test file's set-up hook (60 s), where both workers would make them at once.
import { platformTemplate } from '@scrutin/platform/testing';
import { stationTemplate } from './databases.js';

await stationTemplate();
await platformTemplate();
