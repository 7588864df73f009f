import { closeTemplates } from './support/database.ts';

// Mocha root hooks: quiet logs unless asked for, and clean up shared test resources at the end.
process.env.LOG_LEVEL ??= 'silent';

export const mochaHooks = {
  async afterAll() {
    await closeTemplates();
  },
};
