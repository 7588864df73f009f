import { expect } from 'chai';
import { ConfigError, listenHost, parseConfig, trustProxyWarning } from '../../core/config.ts';

describe('configuration', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.PORT).to.equal(3000);
    expect(config.DATA_DIR).to.equal('./data');
    expect(config.PUBLIC_URL).to.equal('http://localhost:3000');
    expect(config.databaseKind).to.equal('embedded');
    expect(config.SHOPIFY_API_VERSION).to.match(/^\d{4}-\d{2}$/);
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from a given one', () => {
    expect(parseConfig({ PORT: '8080' }).PUBLIC_URL).to.equal('http://localhost:8080');
    expect(parseConfig({ PUBLIC_URL: 'https://track.example.com/' }).PUBLIC_URL).to.equal('https://track.example.com');
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }).databaseKind).to.equal('postgres');
  });

  it('treats empty assignments as unset', () => {
    const config = parseConfig({ EASYPOST_API_KEY: '', PORT: '  ', DATABASE_URL: '' });
    expect(config.EASYPOST_API_KEY).to.equal(undefined);
    expect(config.PORT).to.equal(3000);
    expect(config.databaseKind).to.equal('embedded');
  });

  it('lists every invalid variable with what was expected, never the value given', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://nope',
        EASYPOST_BASE_URL: 'https://api.easypost.com/v2',
        SHOPIFY_SHOP: 'my shop',
        SUPPORT_EMAIL: 'not-an-email',
        SECRET_KEY: 'short-secret',
        SMTP_URL: 'smtpx://mailer:hunter2-password@mail.example',
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).to.have.members(['PORT', 'DATABASE_URL', 'EASYPOST_BASE_URL', 'SHOPIFY_SHOP', 'SUPPORT_EMAIL', 'SECRET_KEY', 'SMTP_URL']);
    expect(problems.find((p) => p.startsWith('EASYPOST_BASE_URL'))).to.contain('/v2/');
    expect(problems.find((p) => p.startsWith('SECRET_KEY'))).to.contain('32 characters');
    expect(problems.find((p) => p.startsWith('SMTP_URL'))).to.contain('smtp://');
    const message = (error as ConfigError).message;
    for (const value of ['abc', 'short-secret', 'hunter2', 'mysql://nope', 'my shop', 'not-an-email']) expect(message).not.to.include(value);
  });

  it('takes TRUST_PROXY as a hop count or a list of proxy addresses, and refuses true', () => {
    expect(parseConfig({}).TRUST_PROXY).to.equal(false);
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).to.equal(false);
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).to.equal(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,loopback,2001:db8::/32' }).TRUST_PROXY).to.deep.equal(['10.0.0.0/8', '192.0.2.7', 'loopback', '2001:db8::/32']);
    for (const value of ['true', 'TRUE', 'yes', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1']) {
      expect(() => parseConfig({ TRUST_PROXY: value }), value).to.throw(ConfigError, /TRUST_PROXY/);
    }
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).to.throw(/any client's X-Forwarded-For/);
  });

  it('refuses the TRUST_PROXY forms that trust everyone, and what proxy-addr would refuse at start', () => {
    const problemsOf = (value: string) => {
      try {
        parseConfig({ TRUST_PROXY: value });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problemsOf('0.0.0.0/1,128.0.0.0/1')).to.have.length(2);
    expect(problemsOf('0.0.0.0/1,128.0.0.0/1')[0]).to.match(/^TRUST_PROXY: .*0\.0\.0\.0\/1 is wider than a \/8/);
    for (const value of ['0.0.0.0/0', '10.0.0.0/7', '::/0', '::/1', '2000::/3', '2001:db8::/31', '::ffff:0.0.0.0/96', '::ffff:10.0.0.0/103', '10.0.0.0/128.0.0.0', '10.0.0.0/255.0.255.0', 'fe80::1%eth0', '10.0.0.1,', '10.0.0.0/-8']) {
      expect(problemsOf(value), value).to.have.length.greaterThan(0);
    }
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/255.0.0.0,::ffff:10.0.0.0/104,uniquelocal,linklocal,fd00::/32' }).TRUST_PROXY).to.have.length(5);
  });

  it('accepts every TRUST_PROXY list that Express can compile', async () => {
    const express = (await import('express')).default;
    for (const value of ['10.0.0.0/8, 192.0.2.7,loopback,2001:db8::/32', '10.0.0.0/255.0.0.0,::ffff:10.0.0.0/104,linklocal,uniquelocal', '2']) {
      const app = express();
      app.set('trust proxy', parseConfig({ TRUST_PROXY: value }).TRUST_PROXY);
      expect(app.get('trust proxy fn'), value).to.be.a('function');
    }
  });

  it('warns when a TRUST_PROXY hop count meets a HOST that listens on every interface', () => {
    expect(trustProxyWarning(parseConfig({ TRUST_PROXY: '1' }), '0.0.0.0')).to.match(/TRUST_PROXY=1 .*HOST=0\.0\.0\.0/);
    expect(trustProxyWarning(parseConfig({ TRUST_PROXY: '2' }), '::')).to.be.a('string');
    expect(trustProxyWarning(parseConfig({ TRUST_PROXY: '1' }), '127.0.0.1')).to.equal(undefined);
    expect(trustProxyWarning(parseConfig({ TRUST_PROXY: '10.0.0.0/8' }), '0.0.0.0')).to.equal(undefined);
    expect(trustProxyWarning(parseConfig({}), '0.0.0.0')).to.equal(undefined);
  });

  it('validates LOOKUP_RATE_EXEMPT_IPS as TRUST_PROXY\'s ranges, listing every problem', () => {
    expect(parseConfig({ LOOKUP_RATE_EXEMPT_IPS: '127.0.0.0/8, ::1,192.0.2.7' }).LOOKUP_RATE_EXEMPT_IPS).to.equal('127.0.0.0/8, ::1,192.0.2.7');
    let error: unknown;
    try {
      parseConfig({ LOOKUP_RATE_EXEMPT_IPS: 'monitor.example,0.0.0.0/0,10.0.0.0/33,::/16', TRUST_PROXY: 'true' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems.filter((p) => p.startsWith('LOOKUP_RATE_EXEMPT_IPS:'))).to.have.length(4);
    expect(problems.some((p) => p.startsWith('TRUST_PROXY:'))).to.equal(true);
  });

  it('listens on every interface by default, but the demo on loopback unless HOST is set', () => {
    expect(listenHost(parseConfig({}), false)).to.equal('0.0.0.0');
    expect(listenHost(parseConfig({}), true)).to.equal('127.0.0.1');
    expect(listenHost(parseConfig({ HOST: '0.0.0.0' }), true)).to.equal('0.0.0.0');
    expect(listenHost(parseConfig({ HOST: '192.0.2.10' }), false)).to.equal('192.0.2.10');
  });

  it('refuses out-of-range ports', () => {
    expect(() => parseConfig({ PORT: '70000' })).to.throw(ConfigError, /PORT/);
    expect(() => parseConfig({ PORT: '0' })).to.throw(ConfigError, /PORT/);
  });
});

describe('configuration from a .env file', () => {
  it('reads .env when present, and the environment wins over it', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { loadConfig } = await import('../../core/config.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-env-'));
    try {
      const file = path.join(dir, '.env');
      writeFileSync(file, '# comment\nPORT=4100\nSHOP_NAME="Fancy Shop"\nDATA_DIR=/from/file\n');
      const config = loadConfig({ DATA_DIR: '/from/env' }, file);
      expect(config.PORT).to.equal(4100);
      expect(config.SHOP_NAME).to.equal('Fancy Shop');
      expect(config.DATA_DIR).to.equal('/from/env');
      expect(loadConfig({}, path.join(dir, 'missing.env')).PORT).to.equal(3000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.env.example', () => {
  it('documents every variable the service reads, each with a comment, and parses as valid', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseEnv } = await import('node:util');
    const { configVariables } = await import('../../core/config.ts');
    const { projectRoot } = await import('../support/process.ts');
    const text = readFileSync(`${projectRoot}/.env.example`, 'utf8');
    const documented = Object.keys(parseEnv(text));
    expect(documented).to.have.members([...configVariables]);
    const lines = text.split('\n');
    for (const name of documented) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      expect(lines[index - 1], `comment above ${name}`).to.match(/^# /);
    }
    expect(() => parseConfig(parseEnv(text))).not.to.throw();
  });

  it('refuses a headers timeout longer than the request timeout, as Node would at start', () => {
    expect(parseConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '5000' }).HTTP_REQUEST_TIMEOUT_MS).to.equal(5000);
    expect(() => parseConfig({ HTTP_HEADERS_TIMEOUT_MS: '5001', HTTP_REQUEST_TIMEOUT_MS: '5000' })).to.throw(ConfigError, /HTTP_HEADERS_TIMEOUT_MS/);
  });
});
