import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { InvalidBrandingError } from '../../emails/branding.ts';
import { InvalidEmailPropsError } from '../../emails/email.ts';
import { languages } from '../../core/language.ts';
import { emailKinds, isShopperFacing } from '../../emails/kinds.ts';
import { precompileAll, renderEmail, templatesFor } from '../../emails/render.ts';
import { sampleBranding, sampleProps, samplePropsFor, sampleUnsubscribeUrl } from '../../emails/samples.ts';
import { rejects } from './rejects.ts';

const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

describe('rendering emails', () => {
  before(async () => {
    await precompileAll();
  });

  for (const kind of emailKinds) {
    for (const language of languages) {
      it(`renders ${kind} in ${language}`, async () => {
        const props = samplePropsFor(kind, language);
        const email = await renderEmail({ kind, locale: language, props, branding: sampleBranding, unsubscribeUrl: sampleUnsubscribeUrl });
        const expectedLanguage = isShopperFacing(kind) ? language : 'en';
        expect(email.language).to.equal(expectedLanguage);
        expect(email.subject.trim()).to.not.equal('');
        expect(email.preheader.trim()).to.not.equal('');
        expect(email.html).to.include(`lang="${expectedLanguage}"`);
        expect(email.html).to.include(sampleBranding.shopName);
        expect(email.html).to.include(props.trackingCode!);
        expect(email.text).to.include(props.trackingCode!);
        expect(email.text).to.include(sampleBranding.shopName);
        for (const part of [email.html, email.text, email.subject]) {
          expect(part).to.not.include('{{');
          expect(part).to.not.include('undefined');
          expect(part).to.not.include('[object Object]');
        }
        expect(email.html).to.not.match(/#a1b2c3|#c3b2a1/i);
        expect(email.text).to.not.match(/<[a-z][^>]*>/i);
      });
    }
  }

  it('gives each language its own words', async () => {
    const subjects = await Promise.all(
      languages.map(async (language) => (await renderEmail({ kind: 'delayed', locale: language, props: sampleProps.delayed, branding: sampleBranding })).subject),
    );
    expect(new Set(subjects).size).to.equal(3);
  });

  it('writes the delivery time on the destination’s calendar day', async () => {
    const deliveredAt = new Date('2026-11-22T23:30:00Z');
    const render = (timeZone: string, locale: string) =>
      renderEmail({ kind: 'delivered', locale, props: { ...sampleProps.delivered, deliveredAt, timeZone }, branding: sampleBranding, unsubscribeUrl: sampleUnsubscribeUrl });
    const copenhagen = await render('Europe/Copenhagen', 'en');
    expect(copenhagen.html).to.include('Monday, November 23, 2026');
    expect(copenhagen.html).to.not.include('Sunday');
    expect(copenhagen.text).to.match(/Monday, November 23, 2026 at 12:30\sAM/);
    expect((await render('UTC', 'en')).html).to.include('Sunday, November 22, 2026');
    expect((await render('America/New_York', 'en')).text).to.match(/Sunday, November 22, 2026 at 6:30\sPM/);
    expect((await render('Europe/Copenhagen', 'da-DK')).text).to.include('mandag den 23. november 2026 kl. 00.30');
    expect((await render('Asia/Manila', 'fil-PH')).text).to.include('Lunes, Nobyembre 23, 2026');
  });

  it('escapes carrier text, order names and shop names in HTML and keeps them as text in the text part', async () => {
    const email = await renderEmail({
      kind: 'delayed',
      locale: 'en',
      props: { ...sampleProps.delayed, orderName: `#1001${hostile}`, lastScan: { at: new Date('2026-11-18T15:42:00Z'), place: hostile, message: hostile } },
      branding: { ...sampleBranding, shopName: `Evil ${hostile} Shop` },
      unsubscribeUrl: sampleUnsubscribeUrl,
    });
    expect(email.html).to.not.include('<script>');
    expect(email.html).to.not.include('<img src=x');
    expect(email.html).to.not.include('onerror=alert');
    expect(email.html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    expect(email.text).to.include(`#1001${hostile}`);
    expect(email.text).to.include(`Evil ${hostile} Shop`);
    expect(email.text).to.not.include('&lt;');
    expect(email.subject).to.include(`#1001${hostile}`);
  });

  it('escapes a shopper’s note and a support note', async () => {
    const received = await renderEmail({ kind: 'dispute_received', locale: 'da', props: { ...sampleProps.dispute_received, note: hostile }, branding: sampleBranding });
    const resolved = await renderEmail({ kind: 'case_resolved', locale: 'fil', props: { ...sampleProps.case_resolved, note: hostile }, branding: sampleBranding });
    const alert = await renderEmail({ kind: 'support_alert', props: { ...sampleProps.support_alert, detail: hostile, customerEmail: hostile }, branding: sampleBranding });
    for (const email of [received, resolved, alert]) {
      expect(email.html).to.not.include('<script>');
      expect(email.html).to.include('&lt;script&gt;');
      expect(email.text).to.include(hostile);
    }
  });

  it('refuses a brand colour that is not a hex colour', async () => {
    for (const primaryColor of ['red', '#12345', '#1234567', 'expression(alert(1))', '#fff;background:url(x)', '#fff" onload="x', '#ggg']) {
      const attempt = renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: { ...sampleBranding, primaryColor } });
      await rejects(attempt, InvalidBrandingError);
    }
  });

  it('refuses a logo that is not an http(s) URL and an invalid support address', async () => {
    await rejects(renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: { ...sampleBranding, logoUrl: 'javascript:alert(1)' } }), InvalidBrandingError);
    await rejects(renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: { ...sampleBranding, supportEmail: 'not an address' } }), InvalidBrandingError);
  });

  it('paints the brand colour and picks readable button text', async () => {
    const dark = await renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: { ...sampleBranding, primaryColor: '#2F6F5E' } });
    expect(dark.html).to.include('background:#2f6f5e');
    expect(dark.html).to.include('color:#ffffff');
    const light = await renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: { ...sampleBranding, primaryColor: '#fc0' } });
    expect(light.html).to.include('background:#ffcc00');
    expect(light.html).to.include('color:#111111');
  });

  it('shows the logo when there is one, else the shop name', async () => {
    const withLogo = await renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: { ...sampleBranding, logoUrl: 'https://cdn.example/logo.png?v=1&s=2' } });
    expect(withLogo.html).to.include('src="https://cdn.example/logo.png?v&#x3D;1&amp;s&#x3D;2"');
    const withoutLogo = await renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: sampleBranding });
    expect(withoutLogo.html).to.not.include('<img');
  });

  it('refuses links that are not http(s)', async () => {
    await rejects(
      renderEmail({ kind: 'shipped', props: { ...sampleProps.shipped, trackingUrl: 'javascript:alert(1)' }, branding: sampleBranding }),
      InvalidEmailPropsError,
    );
    await rejects(
      renderEmail({ kind: 'delivered', props: { ...sampleProps.delivered, notReceivedUrl: 'data:text/html,x' }, branding: sampleBranding }),
      InvalidEmailPropsError,
    );
  });

  it('links the opt-out page in proactive emails only', async () => {
    const shipped = await renderEmail({ kind: 'shipped', props: sampleProps.shipped, branding: sampleBranding, unsubscribeUrl: sampleUnsubscribeUrl });
    expect(shipped.html).to.include(`href="${sampleUnsubscribeUrl.replaceAll('=', '&#x3D;')}"`);
    expect(shipped.text).to.include(sampleUnsubscribeUrl);
    const received = await renderEmail({ kind: 'dispute_received', props: sampleProps.dispute_received, branding: sampleBranding, unsubscribeUrl: sampleUnsubscribeUrl });
    expect(received.html).to.not.include('unsubscribe');
    expect(received.text).to.not.include('unsubscribe');
  });

  it('writes support alerts in English whatever the locale', async () => {
    const email = await renderEmail({ kind: 'support_alert', locale: 'da-DK', props: sampleProps.support_alert, branding: sampleBranding });
    expect(email.language).to.equal('en');
    expect(email.subject).to.equal('[Nordlys Ceramics] Stalled in transit: order #1042');
    expect(email.text).to.include('Open in the console: https://track.nordlys-ceramics.example/console/shipments/1042');
  });

  it('words each action and each dispute outcome differently', async () => {
    const actions = [
      sampleProps.action_needed.action,
      { type: 'failed_attempt' as const, attemptedAt: new Date('2026-11-20T10:00:00Z'), nextAttemptOn: new Date('2026-11-21T10:00:00Z') },
      { type: 'address_problem' as const, carrierMessage: 'Street number missing' },
    ];
    const actionSubjects = await Promise.all(
      actions.map(async (action) => (await renderEmail({ kind: 'action_needed', props: { ...sampleProps.action_needed, action }, branding: sampleBranding })).subject),
    );
    expect(new Set(actionSubjects).size).to.equal(3);
    const outcomes = ['found', 'reshipped', 'refunded', 'rejected'] as const;
    for (const language of languages) {
      const emails = await Promise.all(
        outcomes.map((outcome) =>
          renderEmail({ kind: 'case_resolved', locale: language, props: { ...sampleProps.case_resolved, source: 'shopper', outcome, refund: { amount: 349, currency: 'DKK' } }, branding: sampleBranding }),
        ),
      );
      expect(new Set(emails.map((email) => email.subject)).size).to.equal(4);
      expect(emails[2].text).to.match(/349/);
    }
  });

  it('has no template that writes a value unescaped', () => {
    const emailsDir = new URL('../../emails/', import.meta.url);
    const templates = readdirSync(emailsDir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(mjml|hbs)$/.test(file));
    expect(templates.length).to.be.greaterThan(20);
    for (const file of templates) {
      const source = readFileSync(new URL(file, emailsDir), 'utf8');
      expect(source, file).to.not.match(/\{\{\{|\{\{&/);
    }
  });

  it('compiles each template once', async () => {
    expect(templatesFor('delayed')).to.equal(templatesFor('delayed'));
    expect(await templatesFor('delayed')).to.equal(await templatesFor('delayed'));
  });
});
