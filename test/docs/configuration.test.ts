import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationDoc, configurationPage, configurationProblems, readEnvExample, root } from './configuration-doc.ts';

// docs/configuration.md is generated (npm run docs:config) from core/config.ts and .env.example; these
// fail when a setting is added, removed or changed in one place and not the others.

describe('docs: configuration', () => {
  it('.env.example lists every setting of core/config.ts once, described, with its default, and no other', () => {
    const { problems } = configurationDoc();
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it(`${configurationPage} is what npm run docs:config writes`, () => {
    const written = readFileSync(join(root, configurationPage), 'utf8');
    expect(written === configurationDoc().text, `${configurationPage} is stale: run npm run docs:config`).to.equal(true);
  });

  it('reads groups, descriptions and values from an example file, and says where it disagrees with the schema', () => {
    const example = [
      '# --- HTTP ---',
      '# Port the HTTP server listens on (default 3000).',
      'PORT=8080',
      '',
      '# How long a stop waits, in ms (default 5).',
      'SHUTDOWN_TIMEOUT_MS=',
      'NOT_A_SETTING=1',
    ].join('\n');
    const settings = readEnvExample(example);
    expect(settings.map(({ name, section, value }) => ({ name, section, value }))).to.deep.equal([
      { name: 'PORT', section: 'HTTP', value: '8080' },
      { name: 'SHUTDOWN_TIMEOUT_MS', section: 'HTTP', value: '' },
      { name: 'NOT_A_SETTING', section: 'HTTP', value: '1' },
    ]);
    expect(configurationProblems(settings, ['PORT', 'SHUTDOWN_TIMEOUT_MS', 'LOG_LEVEL'])).to.deep.equal([
      '.env.example:3 PORT: the example value 8080 is not the default (3000); leave it empty or write the default',
      '.env.example:6 SHUTDOWN_TIMEOUT_MS: the comment says the default is 5, core/config.ts says 10000',
      '.env.example:7 NOT_A_SETTING: not a setting of core/config.ts',
      '.env.example:7 NOT_A_SETTING: no comment says what it is',
      'LOG_LEVEL: a setting of core/config.ts that .env.example does not list',
    ]);
  });
});
